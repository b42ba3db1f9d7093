from django.urls import path

from terreau.actors import views

app_name = "actors"
urlpatterns = [
    path("", views.actor_list, name="list"),
    path("export.<str:file_format>", views.actor_export, name="export"),
    path("nouveau/", views.actor_create, name="create"),
    path("<int:pk>/", views.actor_detail, name="detail"),
    path("<int:pk>/modifier/", views.actor_edit, name="edit"),
]
