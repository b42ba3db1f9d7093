from django.contrib import admin

from terreau.offers.models import Offer, OfferPerimeter


class PerimeterInline(admin.TabularInline):
    model = OfferPerimeter
    extra = 0


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "status", "source", "deadline", "is_demo"]
    list_filter = ["kind", "status", "source", "is_demo"]
    search_fields = ["name", "slug", "source_id"]
    raw_id_fields = ["providers", "funders"]
    autocomplete_fields = ["editors"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [PerimeterInline]
