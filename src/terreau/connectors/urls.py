from django.urls import path

from terreau.connectors import views

app_name = "connectors"

urlpatterns = [
    path("", views.connectors_admin, name="admin"),
]
