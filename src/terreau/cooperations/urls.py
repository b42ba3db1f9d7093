from django.urls import path

from terreau.cooperations import views

app_name = "cooperations"
urlpatterns = [
    path("", views.cooperation_list, name="list"),
    path("nouvelle/", views.cooperation_create, name="create"),
    path("importer/", views.cooperation_import_json, name="import"),
    path("importer/<int:pk>/", views.cooperation_import_job, name="import_job"),
    path("<slug:slug>/", views.cooperation_detail, name="detail"),
    path("<slug:slug>/modifier/", views.cooperation_edit, name="edit"),
    path("<slug:slug>/export.json", views.cooperation_export_json, name="export"),
    path("<slug:slug>/membres/ajouter/", views.member_edit, name="member_add"),
    path("<slug:slug>/membres/<int:pk>/", views.member_edit, name="member_edit"),
    path("<slug:slug>/briques/ajouter/", views.block_edit, name="block_add"),
    path("<slug:slug>/briques/<int:pk>/", views.block_edit, name="block_edit"),
    path("<slug:slug>/relations/ajouter/", views.relation_add, name="relation_add"),
    path("<slug:slug>/journal/ajouter/", views.journal_edit, name="journal_add"),
    path("<slug:slug>/journal/<int:pk>/", views.journal_edit, name="journal_edit"),
    path("<slug:slug>/journal/pieces/<int:pk>/", views.journal_attachment, name="attachment"),
    path(
        "<slug:slug>/journal/pieces/<int:pk>/supprimer/",
        views.journal_attachment_delete,
        name="attachment_delete",
    ),
    path("<slug:slug>/<str:part>/<int:pk>/supprimer/", views.part_delete, name="delete"),
    path("<slug:slug>/acces/", views.access_manage, name="access"),
    path("<slug:slug>/acces/<int:user_id>/retirer/", views.access_revoke, name="access_revoke"),
    path("<slug:slug>/publier/", views.publish, name="publish"),
    path("<slug:slug>/partenaires/", views.partners_section, name="partners"),
]

actor_urlpatterns = [
    path("<int:pk>/relations/", views.actor_relations, name="list"),
    path("<int:pk>/relations/ajouter/", views.actor_relation_add, name="add"),
]
