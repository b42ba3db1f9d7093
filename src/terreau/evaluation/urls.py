from django.urls import path

from terreau.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("cooperations/<slug:slug>/evaluation/", views.evaluation_page, name="page"),
    path("cooperations/<slug:slug>/evaluation/suivre/", views.indicator_follow, name="follow"),
    path("cooperations/<slug:slug>/evaluation/ajouter/", views.indicator_edit, name="add"),
    path(
        "cooperations/<slug:slug>/evaluation/<int:pk>/modifier/",
        views.indicator_edit,
        name="edit",
    ),
    path(
        "cooperations/<slug:slug>/evaluation/<int:pk>/retirer/",
        views.indicator_remove,
        name="remove",
    ),
    path(
        "cooperations/<slug:slug>/evaluation/<int:pk>/valeurs/ajouter/",
        views.value_add,
        name="value_add",
    ),
    path(
        "cooperations/<slug:slug>/evaluation/valeurs/<int:pk>/supprimer/",
        views.value_delete,
        name="value_delete",
    ),
]
