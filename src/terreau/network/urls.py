from django.urls import path

from terreau.network import views

app_name = "network"
urlpatterns = [
    path("reseau/cooperation/<slug:slug>/", views.cooperation_network_page, name="cooperation"),
    path("territoires/<territory_ref:ref>/reseau/", views.territory_network_page, name="territory"),
]
