from django.contrib import admin

from terreau.catalysts.models import Catalyst, DurabilityAssessment


@admin.register(Catalyst)
class CatalystAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "posture", "position", "stage", "is_public"]
    list_filter = ["kind", "posture", "position", "stage", "is_public"]
    search_fields = ["name", "team"]
    raw_id_fields = ["actor", "owner"]
    filter_horizontal = ["cooperations"]


@admin.register(DurabilityAssessment)
class DurabilityAssessmentAdmin(admin.ModelAdmin):
    list_display = ["catalyst", "assessed_on", "stage", "mode"]
    list_filter = ["stage", "mode"]
