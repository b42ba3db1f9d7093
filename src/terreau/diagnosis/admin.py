from django.contrib import admin

from terreau.diagnosis.models import Need, Note


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["title", "territory_ref", "priority", "status", "voiced_on", "author"]
    list_filter = ["status", "priority", "channel"]
    search_fields = ["title", "territory_ref"]
    raw_id_fields = ["actors"]


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ["territory_ref", "kind", "observed_on", "author"]
    list_filter = ["kind"]
