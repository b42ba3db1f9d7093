from django.urls import path

from terreau.catalysts import views

app_name = "catalysts"
urlpatterns = [
    path("", views.catalyst_list, name="list"),
    path("nouveau/", views.catalyst_edit, name="create"),
    path("<int:pk>/", views.catalyst_detail, name="detail"),
    path("<int:pk>/modifier/", views.catalyst_edit, name="edit"),
    path("<int:pk>/supprimer/", views.catalyst_delete, name="delete"),
    path("<int:pk>/evaluation/", views.assessment_create, name="assessment"),
]
