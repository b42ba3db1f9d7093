from django.urls import path

from terreau.observatory import views

app_name = "observatory"
urlpatterns = [
    path("", views.observatory_page, name="page"),
    path("export.csv", views.observatory_csv, name="csv"),
    path("export.json", views.observatory_json, name="json"),
    path("schema.json", views.observatory_schema, name="schema"),
]
