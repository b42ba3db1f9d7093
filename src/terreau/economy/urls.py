from terreau.economy.simulator_urls import urlpatterns as simulator_urlpatterns

app_name = "economy"
urlpatterns: list = [*simulator_urlpatterns]
