from django.urls import path

from terreau.monographs import views

app_name = "monographs"
urlpatterns = [
    path("", views.monograph_page, name="monograph"),
    path("monographie.<str:file_format>", views.monograph_file, name="file"),
    path("partie/<slug:key>/", views.section_show, name="section"),
    path("partie/<slug:key>/modifier/", views.section_edit, name="section_edit"),
    path("titre/", views.monograph_describe, name="describe"),
    path("publier/", views.monograph_publish, name="publish"),
]
