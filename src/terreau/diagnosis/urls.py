from django.urls import path

from terreau.diagnosis import views

app_name = "diagnosis"
urlpatterns = [
    path("", views.diagnosis, name="diagnosis"),
    path("carte.geojson", views.diagnosis_map, name="map"),
    path("besoins/", views.add_need, name="add_need"),
    path("notes/", views.add_note, name="add_note"),
    path("besoins/import/", views.import_needs, name="import_needs"),
    path("besoins/import/<int:pk>/", views.import_needs_job, name="import_needs_job"),
    path("rapport.html", views.diagnosis_report, {"file_format": "html"}, name="report_html"),
    path("rapport.pdf", views.diagnosis_report, {"file_format": "pdf"}, name="report_pdf"),
]
