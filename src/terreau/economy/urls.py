from django.urls import path

from terreau.economy import views
from terreau.economy.simulators.urls import urlpatterns as simulator_urlpatterns

app_name = "economy"
ECONOMY = "cooperations/<slug:slug>/economie/"
urlpatterns: list = [
    *simulator_urlpatterns,
    path(ECONOMY, views.economy_page, name="page"),
    path(f"{ECONOMY}export.xlsx", views.economy_export_xlsx, name="export"),
    path(f"{ECONOMY}ressources/ajouter/", views.resource_edit, name="resource_add"),
    path(f"{ECONOMY}ressources/<int:pk>/", views.resource_edit, name="resource_edit"),
    path(f"{ECONOMY}charges/ajouter/", views.cost_edit, name="cost_add"),
    path(f"{ECONOMY}charges/<int:pk>/", views.cost_edit, name="cost_edit"),
    path(f"{ECONOMY}effets/ajouter/", views.effect_edit, name="effect_add"),
    path(f"{ECONOMY}effets/<int:pk>/", views.effect_detail, name="effect"),
    path(f"{ECONOMY}effets/<int:pk>/modifier/", views.effect_edit, name="effect_edit"),
    path(
        f"{ECONOMY}effets/<int:effect_pk>/contributions/ajouter/",
        views.contribution_edit,
        name="contribution_add",
    ),
    path(
        f"{ECONOMY}effets/<int:effect_pk>/contributions/<int:pk>/",
        views.contribution_edit,
        name="contribution_edit",
    ),
    path(f"{ECONOMY}<str:part>/<int:pk>/supprimer/", views.part_delete, name="delete"),
]
