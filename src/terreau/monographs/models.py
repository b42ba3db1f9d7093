"""The monograph of a cooperation: its generated parts are read from the record each time it is
shown or exported (`sections/`); what is stored here is what people write — one narrative per
section of the grid, the title, the authors — and whether the administrators published it.

A monograph follows its cooperation's permissions: readable by the accounts given access,
editable by its administrators and contributors, and shown to everyone only once an administrator
publishes it on a published cooperation (`Monograph.readable_by`).

A monograph's subject is a cooperation or a territory (issue 20, §001 « mise en récit du
territoire »): a territory's récit has `territory_ref` instead of `cooperation`, its sections are
`recit.RECIT_SECTIONS` and its rights are in `recit/access.py` (docs/architecture.md).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Monograph(models.Model):
    cooperation = models.OneToOneField(
        "cooperations.Cooperation",
        on_delete=models.CASCADE,
        related_name="monograph",
        null=True,
        blank=True,
    )
    # The territory of a territory's récit (a reference such as "epci:246200844"), with its name
    # when the récit was started, for lists that do not resolve references.
    territory_ref = models.CharField(_("territoire"), max_length=80, blank=True)
    territory_name = models.CharField(_("nom du territoire"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("titre"), max_length=200, blank=True)
    authors = models.CharField(
        _("auteurs"),
        max_length=300,
        blank=True,
        help_text=_("Qui a écrit la monographie : les acteurs eux-mêmes, un accompagnateur…"),
    )
    is_public = models.BooleanField(_("publiée"), default=False)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("monographie")
        verbose_name_plural = _("monographies")
        constraints = [
            models.CheckConstraint(
                condition=(Q(cooperation__isnull=False) & Q(territory_ref=""))
                | (Q(cooperation__isnull=True) & ~Q(territory_ref="")),
                name="monograph_of_a_cooperation_or_a_territory",
            ),
            models.UniqueConstraint(
                fields=["territory_ref"],
                condition=~Q(territory_ref=""),
                name="one_recit_per_territory",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        if self.cooperation_id is None:
            return str(_("Récit du territoire : %(name)s") % {"name": self.territory_name})
        return str(_("Monographie : %(name)s") % {"name": self.cooperation.name})

    def readable_by(self, role) -> bool:
        """Members of the cooperation (any access role) read it; anyone else only once it is
        published, on a cooperation that is published too (a territory's récit:
        recit/access.py)."""
        return role is not None or (self.is_public and self.cooperation.is_public)


class MonographSection(models.Model):
    """The narrative a person wrote for one section of the grid (`sections.SECTIONS` keys)."""

    monograph = models.ForeignKey(Monograph, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(_("partie"), max_length=40)
    narrative = models.TextField(_("récit"), blank=True)
    # Raised on every save: a form carries the version it was opened on, so that two people
    # editing the same section do not silently overwrite each other.
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_by_name = models.CharField(_("modifié par"), max_length=150, blank=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("partie de monographie")
        verbose_name_plural = _("parties de monographie")
        ordering = ["monograph", "key"]
        constraints = [
            models.UniqueConstraint(fields=["monograph", "key"], name="one_narrative_per_section")
        ]

    def __str__(self) -> str:
        return f"{self.monograph} — {self.key}"
