from django.urls import path

from terreau.maturity import views

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
