from django.contrib import admin

from terreau.territories.models import (
    BassinVie,
    Commune,
    CommuneAlias,
    Departement,
    Epci,
    ProjectTerritory,
    ReferenceDataset,
    Region,
    ZoneEmploi,
)


@admin.register(Region, Departement, BassinVie, ZoneEmploi)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "search_name"]


@admin.register(Epci)
class EpciAdmin(AreaAdmin):
    list_display = ["code", "name", "kind"]
    list_filter = ["kind"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "departement", "population", "is_current"]
    list_filter = ["is_current", "region"]
    search_fields = ["code", "search_name", "postal_codes"]
    raw_id_fields = ["departement", "region", "epci", "bassin_vie", "zone_emploi"]


@admin.register(CommuneAlias)
class CommuneAliasAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "name", "commune"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    raw_id_fields = ["commune"]


@admin.register(ProjectTerritory)
class ProjectTerritoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "owner", "is_public", "is_demo", "updated_at"]
    list_filter = ["is_public", "is_demo"]
    search_fields = ["name", "slug"]
    readonly_fields = ["components"]
    filter_horizontal = []
    exclude = ["communes_set"]


@admin.register(ReferenceDataset)
class ReferenceDatasetAdmin(admin.ModelAdmin):
    list_display = ["kind", "source", "version", "rows", "loaded_at"]
