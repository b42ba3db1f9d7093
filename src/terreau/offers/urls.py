from django.urls import path

from terreau.offers import open_data_views, views, views_matching

app_name = "offers"
urlpatterns = [
    path("offres/", views.offer_list, name="list"),
    path(
        "offres/donnees-ouvertes.<str:file_format>",
        open_data_views.offers_open_data,
        name="open_data",
    ),
    path("offres/nouvelle/", views.offer_create, name="create"),
    path("offres/<slug:slug>/", views.offer_detail, name="detail"),
    path("offres/<slug:slug>/modifier/", views.offer_edit, name="edit"),
    path("offres/<slug:slug>/archiver/", views.offer_archive, name="archive"),
]

# Matching, a territory's offers and gaps, notifications (views_matching.py).
urlpatterns += [
    path(
        "cooperations/<slug:slug>/offres/",
        views_matching.cooperation_offers,
        name="cooperation_offers",
    ),
    path(
        "cooperations/<slug:slug>/offres/suivre/",
        views_matching.cooperation_follow,
        name="cooperation_follow",
    ),
    path(
        "territoires/<territory_ref:ref>/offres/",
        views_matching.territory_offer_map,
        name="territory",
    ),
    path(
        "territoires/<territory_ref:ref>/offres/lacunes/",
        views_matching.territory_gaps_page,
        name="territory_gaps",
    ),
    path(
        "territoires/<territory_ref:ref>/offres/lacunes.<str:file_format>",
        views_matching.territory_gaps_export,
        name="territory_gaps_export",
    ),
    path("notifications/", views_matching.notification_list, name="notifications"),
]
