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


class Role(models.TextChoices):
    """What a person does on their territory, chosen at onboarding: the home page and Mon espace
    speak to each of them."""

    CATALYST = "catalyst", _("Catalyseur ou catalyseuse territoriale")
    LOCAL_AUTHORITY = "local_authority", _("Collectivité locale")
    FUNDER = "funder", _("Financeur")
    SUPPORT_STRUCTURE = "support_structure", _("Structure d’accompagnement")
    MEMBER = "member", _("Membre d’une coopération")


class Profile(models.Model):
    """What an account says about its owner beyond Django's user: their role, and whether the
    first-login onboarding was done or skipped (it is shown once)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(_("rôle"), max_length=30, choices=Role.choices, blank=True)
    onboarded_at = models.DateTimeField(_("accueil terminé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("profil")
        verbose_name_plural = _("profils")

    def __str__(self) -> str:
        return str(self.user)
