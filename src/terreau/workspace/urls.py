from django.urls import path

from terreau.workspace import views

app_name = "workspace"
urlpatterns = [
    path("", views.workspace, name="home"),
    path("bienvenue/", views.onboarding, name="onboarding"),
    path("suivre/<str:ref>/", views.follow, name="follow"),
]
