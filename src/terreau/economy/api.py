from ninja import Router

from terreau.economy.simulator_api import router as simulator_router

router = Router(tags=["economy"])
router.add_router("/simulate", simulator_router)
