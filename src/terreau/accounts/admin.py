from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from terreau.accounts.models import Invitation


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_at", "expires_at", "used_by", "used_at"]
    fields = ["email", "note", "expires_at", "link", "created_by", "used_by", "used_at"]
    readonly_fields = ["link", "created_by", "used_by", "used_at"]

    @admin.display(description=_("lien d’inscription à envoyer"))
    def link(self, invitation):
        return invitation.signup_url() if invitation.pk else _("affiché après l’enregistrement")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
