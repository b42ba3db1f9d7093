from django.urls import path

from terreau.core import job_views

app_name = "core"
urlpatterns = [
    path("", job_views.job_list, name="jobs"),
    path("pdf/<int:pk>/", job_views.pdf_job, name="pdf_job"),
    path("<str:label>/<int:pk>/relancer/", job_views.job_relaunch_view, name="job_relaunch"),
]
