from django.urls import path

from terreau.connectors import admin_views, views

app_name = "connectors"
urlpatterns = [
    path("", admin_views.connectors_admin, name="admin"),
    path("importer/", views.fetch_start, name="fetch"),
    path("importer/<int:pk>/", views.fetch_job, name="fetch_job"),
    path("importer/<int:pk>/importer/", views.fetch_run, name="fetch_run"),
]
