"""Cooperative maturity self-assessment rounds.

A round (`Round`) is on a cooperation, or on a territory (`territory_ref`: its actors assess the
territory's cooperative maturity). It asks the people invited (`Respondent`: a user account, or a
personal link without account) to place the cooperation or territory on each dimension of a
versioned grid (`grids.py`); each person's `Answer` is a level from 1 to 4, or "I don't know",
with an optional comment. The round keeps a copy of its grid, so its results always say which
version they used.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from terreau.maturity.grids import LEVELS, Dimension, text


class Round(models.Model):
    cooperation = models.ForeignKey(
        "cooperations.Cooperation",
        on_delete=models.CASCADE,
        related_name="maturity_rounds",
        null=True,
        blank=True,
    )
    # A territory round: the territory's reference (territories/refs) and its name at launch.
    territory_ref = models.CharField(_("territoire"), max_length=120, blank=True, db_index=True)
    territory_name = models.CharField(_("nom du territoire"), max_length=300, blank=True)
    # Territory rounds only: aggregated results shown to everyone once published.
    is_published = models.BooleanField(_("résultats publiés"), default=False)
    title = models.CharField(_("titre"), max_length=200)
    grid_version = models.CharField(_("version de la grille"), max_length=40)
    # The grid as it was when the round was launched (see grids.py).
    grid = models.JSONField(editable=False)
    closes_on = models.DateField(_("date de clôture"))
    closed_at = models.DateTimeField(_("clôturé le"), null=True, blank=True)
    admins_see_answers = models.BooleanField(
        _("les administrateurs voient les réponses individuelles"), default=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tour de maturité")
        verbose_name_plural = _("tours de maturité")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(cooperation__isnull=False) & Q(territory_ref=""))
                | (Q(cooperation__isnull=True) & ~Q(territory_ref="")),
                name="round_on_cooperation_or_territory",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name} — {self.title}"

    def get_absolute_url(self) -> str:
        if self.is_territorial:
            return reverse("maturity:territory_round", args=[self.territory_ref, self.pk])
        return reverse("maturity:round", args=[self.cooperation.slug, self.pk])

    def answer_url(self) -> str:
        """The questionnaire of an invited account."""
        return self.get_absolute_url() + "repondre/"

    @property
    def is_territorial(self) -> bool:
        return self.cooperation_id is None

    @property
    def subject_name(self) -> str:
        """What the round assesses: the cooperation's or the territory's name."""
        return self.territory_name if self.is_territorial else self.cooperation.name

    @property
    def is_open(self) -> bool:
        """Answers are accepted until the administrator closes the round or its closing date
        has passed (the whole closing day counts)."""
        return self.closed_at is None and self.closes_on >= timezone.localdate()

    @property
    def ended_on(self):
        """The day the round closed (its closing date when nobody closed it earlier)."""
        if self.closed_at is not None:
            return timezone.localdate(self.closed_at)
        return self.closes_on

    @property
    def dimensions(self) -> list[Dimension]:
        return Dimension.all_of(self.grid)

    @property
    def grid_title(self) -> str:
        return text(self.grid["title"])


class Respondent(models.Model):
    """A person invited to answer a round: a user account, or a personal link (`token`) for
    someone without an account. Revoking keeps the row but its answers stop counting."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="respondents")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="maturity_invitations",
    )
    name = models.CharField(_("nom"), max_length=150, blank=True)
    # In a territory round: the actor of the territory the person answers for (optional).
    actor = models.ForeignKey(
        "actors.Actor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acteur"),
    )
    email = models.EmailField(_("courriel"), blank=True)
    # Kept readable so that the administrator can copy the link again from the round's page.
    token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    invited_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(_("a répondu le"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    class Meta:
        verbose_name = _("personne invitée")
        verbose_name_plural = _("personnes invitées")
        ordering = ["invited_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "user"],
                condition=Q(user__isnull=False),
                name="one_invitation_per_account",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(token__isnull=False),
                name="respondent_has_account_or_link",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.user is not None:
            return self.user.get_full_name() or self.user.get_username()
        return self.name

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def get_link(self) -> str:
        return reverse("maturity:link", args=[self.token]) if self.token else ""


class Answer(models.Model):
    """One person's answer on one dimension; `level` is empty for "I don't know"."""

    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="answers")
    dimension = models.CharField(_("dimension"), max_length=60)
    level = models.PositiveSmallIntegerField(_("niveau"), null=True, blank=True)
    comment = models.TextField(_("commentaire"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["respondent", "dimension"], name="one_answer_per_dimension"
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=LEVELS[0], level__lte=LEVELS[-1]),
                name="answer_level_in_grid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.respondent} — {self.dimension}: {self.level or '?'}"
