from django.urls import path

from terreau.offers import views

app_name = "offers"
urlpatterns = [
    path("offres/", views.offer_list, name="list"),
    path("offres/nouvelle/", views.offer_create, name="create"),
    path("offres/<slug:slug>/", views.offer_detail, name="detail"),
    path("offres/<slug:slug>/modifier/", views.offer_edit, name="edit"),
    path("offres/<slug:slug>/archiver/", views.offer_archive, name="archive"),
]
