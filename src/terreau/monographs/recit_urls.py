from django.urls import path

from terreau.monographs import views_recit

app_name = "recit"
urlpatterns = [
    path("recit/", views_recit.recit_page, name="recit"),
    path("recit/recit.<str:file_format>", views_recit.recit_file, name="file"),
    path("recit/partie/<slug:key>/", views_recit.section_show, name="section"),
    path("recit/partie/<slug:key>/modifier/", views_recit.section_edit, name="section_edit"),
    path("recit/titre/", views_recit.recit_describe, name="describe"),
    path("recit/publier/", views_recit.recit_publish, name="publish"),
    path("plaidoyer.<str:file_format>", views_recit.plaidoyer_file, name="plaidoyer"),
]
