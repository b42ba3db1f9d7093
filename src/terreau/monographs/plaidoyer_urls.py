from django.urls import path

from terreau.monographs import views_plaidoyer

app_name = "plaidoyer"
urlpatterns = [
    path("plaidoyer.<str:file_format>", views_plaidoyer.network_plaidoyer_file, name="network"),
]
