import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

INVITATION_DAYS = 30


def new_token() -> str:
    return secrets.token_urlsafe(24)


def in_a_month():
    return timezone.now() + timedelta(days=INVITATION_DAYS)


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A link an administrator sends to let one person create an account when signup is by
    invitation (TERREAU_SIGNUP=invitation); used once."""

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    email = models.EmailField(
        _("adresse e-mail"),
        blank=True,
        help_text=_("Facultatif : l’adresse proposée dans le formulaire d’inscription."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("créée par"),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valable jusqu’au"), default=in_a_month)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("utilisée par"),
    )
    used_at = models.DateTimeField(_("utilisée le"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email or self.note or self.token[:8]

    def signup_url(self) -> str:
        site = settings.TERREAU_SITE_URL.rstrip("/")
        return f"{site}{reverse('accounts:signup')}?{urlencode({'invitation': self.token})}"
