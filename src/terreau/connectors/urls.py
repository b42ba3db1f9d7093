from django.urls import path

from terreau.connectors import views

app_name = "connectors"
urlpatterns = [
    path("importer/", views.fetch_start, name="fetch"),
    path("importer/<int:pk>/", views.fetch_job, name="fetch_job"),
    path("importer/<int:pk>/importer/", views.fetch_run, name="fetch_run"),
]
