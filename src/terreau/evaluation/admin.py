from django.contrib import admin

from terreau.evaluation.models import Indicator, IndicatorValue


class ValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "cooperation", "key", "unit", "direction"]
    search_fields = ["name", "cooperation__name"]
    raw_id_fields = ["cooperation"]
    inlines = [ValueInline]
