from django.contrib import admin
from django.urls import include, path

from terreau.api.urls import api
from terreau.cooperations.urls import actor_urlpatterns
from terreau.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("a-propos-des-donnees/", core_views.about_data, name="about_data"),
    path("accessibilite/", core_views.accessibility, name="accessibility"),
    path("mentions-legales/", core_views.legal_notice, name="legal_notice"),
    path("territoires/<territory_ref:ref>/diagnostic/", include("terreau.diagnosis.urls")),
    path("territoires/<territory_ref:ref>/tableau-de-bord/", include("terreau.dashboard.urls")),
    path("territoires/<territory_ref:ref>/", include("terreau.monographs.recit_urls")),
    path("", include("terreau.network.urls")),
    path("territoires/", include("terreau.territories.urls")),
    path("acteurs/<int:pk>/", include("terreau.monographs.plaidoyer_urls")),
    path("acteurs/", include("terreau.actors.urls")),
    path("acteurs/", include((actor_urlpatterns, "actor_relations"))),
    path("connecteurs/", include("terreau.connectors.urls")),
    path("cooperations/", include("terreau.cooperations.urls")),
    path("cooperations/<slug:slug>/monographie/", include("terreau.monographs.urls")),
    path("", include("terreau.economy.urls")),
    path("", include("terreau.offers.urls")),
    path("", include("terreau.maturity.urls")),
    path("", include("terreau.evaluation.urls")),
    path("observatoire/", include("terreau.observatory.urls")),
    path("catalyseurs/", include("terreau.catalysts.urls")),
    path("comptes/", include("terreau.accounts.urls")),
    path("mon-espace/", include("terreau.workspace.urls")),
    path("travaux/", include("terreau.core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

handler500 = core_views.server_error
