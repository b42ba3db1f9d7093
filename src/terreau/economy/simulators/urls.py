from django.urls import path

from terreau.economy.simulators import views

urlpatterns = [
    path("economie/simulateurs/", views.simulators, name="simulators"),
    path(
        "economie/simulateurs/financement-participatif-abonde/",
        views.simulator,
        {"name": "matched_crowdfunding"},
        name="simulator_matched_crowdfunding",
    ),
    path(
        "economie/simulateurs/fonds-territorial/",
        views.simulator,
        {"name": "pooled_fund"},
        name="simulator_pooled_fund",
    ),
    path(
        "economie/simulateurs/economies-partagees/",
        views.simulator,
        {"name": "shared_savings"},
        name="simulator_shared_savings",
    ),
]
