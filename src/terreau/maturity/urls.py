from django.urls import path

from terreau.maturity import territory_views, views

app_name = "maturity"
ROUND = "cooperations/<slug:slug>/maturite/<int:pk>/"
urlpatterns = [
    path("cooperations/<slug:slug>/maturite/", views.round_list, name="list"),
    path("cooperations/<slug:slug>/maturite/nouveau/", views.round_create, name="create"),
    path(ROUND, views.round_detail, name="round"),
    path(ROUND + "repondre/", views.answer, name="answer"),
    path(ROUND + "inviter/", views.accounts_invite, name="invite"),
    path(ROUND + "lien/", views.link_add, name="link_add"),
    path(
        ROUND + "invitations/<int:respondent_id>/revoquer/", views.respondent_revoke, name="revoke"
    ),
    path(ROUND + "cloturer/", views.round_close, name="close"),
    path("maturite/lien/<str:token>/", views.link_answer, name="link"),
]

TERRITORY_ROUND = "territoires/<territory_ref:ref>/maturite/<int:pk>/"
urlpatterns += [
    path(
        "territoires/<territory_ref:ref>/maturite/",
        territory_views.territory_round_list,
        name="territory",
    ),
    path(
        "maturite/territoires/nouveau/",
        territory_views.territory_round_create,
        name="territory_create",
    ),
    path(TERRITORY_ROUND, territory_views.territory_round_detail, name="territory_round"),
    path(TERRITORY_ROUND + "repondre/", territory_views.territory_answer, name="territory_answer"),
    path(
        TERRITORY_ROUND + "inviter/",
        territory_views.territory_account_invite,
        name="territory_invite",
    ),
    path(TERRITORY_ROUND + "lien/", territory_views.territory_link_add, name="territory_link_add"),
    path(
        TERRITORY_ROUND + "invitations/<int:respondent_id>/revoquer/",
        territory_views.territory_respondent_revoke,
        name="territory_revoke",
    ),
    path(
        TERRITORY_ROUND + "cloturer/",
        territory_views.territory_round_close,
        name="territory_close",
    ),
    path(
        TERRITORY_ROUND + "publier/",
        territory_views.territory_round_publish,
        name="territory_publish",
    ),
]
