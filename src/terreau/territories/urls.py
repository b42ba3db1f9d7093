from django.urls import path

from terreau.territories import views

app_name = "territories"
urlpatterns = [
    path("", views.search, name="search"),
    path("projets/", views.project_list, name="project_list"),
    path("projets/nouveau/", views.project_create, name="project_create"),
    path("projets/<slug:slug>/modifier/", views.project_edit, name="project_edit"),
    path("projets/<slug:slug>/supprimer/", views.project_delete, name="project_delete"),
    path("<territory_ref:ref>/", views.detail, name="detail"),
]
