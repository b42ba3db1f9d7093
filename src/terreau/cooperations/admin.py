from django.contrib import admin

from terreau.cooperations.models import (
    BuildingBlock,
    Cooperation,
    CooperationAccess,
    JournalEntry,
    Member,
    Relation,
)


class AccessInline(admin.TabularInline):
    model = CooperationAccess
    autocomplete_fields = ["user"]
    extra = 0


class MemberInline(admin.TabularInline):
    model = Member
    raw_id_fields = ["actor"]
    extra = 0


@admin.register(Cooperation)
class CooperationAdmin(admin.ModelAdmin):
    list_display = ["name", "territory_ref", "cooperation_type", "stage", "is_public"]
    list_filter = ["cooperation_type", "stage", "is_public", "is_demo"]
    search_fields = ["name", "slug"]
    inlines = [AccessInline, MemberInline]


@admin.register(BuildingBlock)
class BuildingBlockAdmin(admin.ModelAdmin):
    list_display = ["name", "cooperation", "status"]
    raw_id_fields = ["cooperation"]
    filter_horizontal = ["operators"]


@admin.register(Relation)
class RelationAdmin(admin.ModelAdmin):
    list_display = ["source", "kind", "target", "started_on", "ended_on", "cooperation"]
    list_filter = ["kind"]
    raw_id_fields = ["source", "target", "cooperation"]


@admin.register(JournalEntry)
class JournalEntryAdmin(admin.ModelAdmin):
    list_display = ["happened_on", "title", "kind", "cooperation"]
    list_filter = ["kind"]
    raw_id_fields = ["cooperation", "author"]
