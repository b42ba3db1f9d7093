import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(models.Model):
    """A token that lets a script act as its user on /api/v1/. Only its hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("usage"), max_length=100, blank=True)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)

    class Meta:
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")

    def __str__(self) -> str:
        return f"{self.user} — {self.name or self.digest[:8]}"

    @classmethod
    def issue(cls, *, user, name: str = "") -> tuple["ApiToken", str]:
        """Create a token; returns it with its secret, which is shown once and never stored."""
        secret = "trr_" + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, digest=_digest(secret)), secret

    @classmethod
    def user_for(cls, secret: str):
        token = (
            cls.objects.select_related("user")
            .filter(digest=_digest(secret), user__is_active=True)
            .first()
        )
        return token.user if token else None
