from terreau.actors.api import router as actors_router
from terreau.api.auth import TokenOrSession
from terreau.api.errors import SafeJsonParser, install
from terreau.api.openapi import TerreauAPI
from terreau.catalysts.api import router as catalysts_router
from terreau.cooperations.api import router as cooperations_router
from terreau.core.api import router as core_router
from terreau.dashboard.api import router as dashboard_router
from terreau.economy.api import router as economy_router
from terreau.evaluation.api import router as evaluation_router
from terreau.maturity.api import router as maturity_router
from terreau.monographs.api import recit_router
from terreau.monographs.api import router as monographs_router
from terreau.network.api import router as network_router
from terreau.observatory.api import router as observatory_router
from terreau.offers.api import router as offers_router
from terreau.territories.api import router as territories_router

api = TerreauAPI(
    title="Terreau API",
    version="1",
    urls_namespace="api",
    auth=TokenOrSession(),
    docs_url="/docs",
    parser=SafeJsonParser(),
)
install(api)
api.add_router("/taxonomies", core_router)
api.add_router("/territories", territories_router)
api.add_router("/territories", dashboard_router)
api.add_router("/territories", recit_router)
api.add_router("/actors", actors_router)
api.add_router("/cooperations", cooperations_router)
api.add_router("/network", network_router)
api.add_router("/economy", economy_router)
api.add_router("/observatory", observatory_router)
api.add_router("/offers", offers_router)
api.add_router("/maturity", maturity_router)
api.add_router("/monographs", monographs_router)
api.add_router("/evaluation", evaluation_router)
api.add_router("/catalysts", catalysts_router)
