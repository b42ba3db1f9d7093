from django.urls import path

from terreau.diagnosis import views

app_name = "diagnosis"
urlpatterns = [
    path("", views.diagnosis, name="diagnosis"),
    path("carte.geojson", views.diagnosis_map, name="map"),
]
