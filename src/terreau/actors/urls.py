from django.urls import path

from terreau.actors import import_views, views

app_name = "actors"
urlpatterns = [
    path("", views.actor_list, name="list"),
    path("export.<str:file_format>", views.actor_export, name="export"),
    path("export/<int:pk>/", views.export_job, name="export_job"),
    path("export/<int:pk>/fichier/", views.export_download, name="export_download"),
    path("carte.geojson", views.actor_map, name="map"),
    path("choisir/", views.actor_picker, name="picker"),
    path("nouveau/", views.actor_create, name="create"),
    path("import/", import_views.import_upload, name="import"),
    path("import/<int:pk>/", import_views.import_job, name="import_job"),
    path("import/<int:pk>/lancer/", import_views.import_run, name="import_run"),
    path("<int:pk>/", views.actor_detail, name="detail"),
    path("<int:pk>/position.geojson", views.actor_position, name="position"),
    path("<int:pk>/modifier/", views.actor_edit, name="edit"),
]
