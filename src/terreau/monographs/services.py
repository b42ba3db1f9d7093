"""Writing a monograph: its narratives, its title and authors, its publication."""

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau.cooperations.models import Cooperation
from terreau.monographs.models import Monograph, MonographSection
from terreau.monographs.recit import RECIT_SECTION_KEYS
from terreau.monographs.sections import SECTION_KEYS
from terreau.territories.refs import TerritoryRefError, resolve

NARRATIVE_MAX_LENGTH = 20_000


class MonographError(ValueError):
    pass


class StaleNarrative(MonographError):
    """Someone saved the section since the form was opened; `current` is what they wrote."""

    def __init__(self, current: MonographSection):
        self.current = current
        super().__init__(
            _(
                "%(name)s a modifié cette partie pendant que vous l'écriviez. Son texte est "
                "rappelé ci-dessous : reprenez vos changements puis enregistrez à nouveau."
            )
            % {"name": current.updated_by_name or _("Quelqu'un")}
        )


def _monograph(cooperation: Cooperation) -> Monograph:
    monograph, _created = Monograph.objects.get_or_create(cooperation=cooperation)
    return monograph


@transaction.atomic
def monograph_section_save(
    *, cooperation: Cooperation, key: str, narrative: str, version: int, by
) -> MonographSection:
    """Save the narrative of one section. `version` is the one the writer started from: if
    someone saved in between, nothing is written and `StaleNarrative` says who."""
    if key not in SECTION_KEYS:
        raise MonographError(_("Partie inconnue : %(key)s") % {"key": key})
    return _section_save(_monograph(cooperation), key, narrative, version, by)


def _section_save(monograph: Monograph, key: str, narrative: str, version: int, by):
    if len(narrative) > NARRATIVE_MAX_LENGTH:
        raise MonographError(
            _("Le récit dépasse %(max)s caractères.") % {"max": NARRATIVE_MAX_LENGTH}
        )
    section, _created = MonographSection.objects.select_for_update().get_or_create(
        monograph=monograph, key=key
    )
    if section.version != version:
        raise StaleNarrative(section)
    section.narrative = narrative.strip()
    section.version += 1
    section.updated_by = by
    section.updated_by_name = by.get_username() if by is not None else ""
    section.save()
    monograph.save(update_fields=["updated_at"])
    return section


def monograph_describe(*, cooperation: Cooperation, title: str, authors: str) -> Monograph:
    """Set the title (empty: « Monographie : <name> ») and the authors."""
    monograph = _monograph(cooperation)
    monograph.title, monograph.authors = title.strip(), authors.strip()
    monograph.save(update_fields=["title", "authors", "updated_at"])
    return monograph


def monograph_publish(*, cooperation: Cooperation, public: bool) -> Monograph:
    """Show the monograph to everyone, or take it back. Only a published cooperation's
    monograph can be published: the monograph shows its name, aim and territory."""
    if public and not cooperation.is_public:
        raise MonographError(
            _(
                "Publiez d'abord la fiche de la coopération : la monographie publiée en reprend "
                "le nom, la visée et le territoire."
            )
        )
    monograph = _monograph(cooperation)
    monograph.is_public = public
    monograph.published_at = timezone.now() if public else None
    monograph.save(update_fields=["is_public", "published_at", "updated_at"])
    return monograph


def _recit(territory, by=None) -> Monograph:
    recit, _created = Monograph.objects.get_or_create(
        territory_ref=territory.ref,
        defaults={"territory_name": str(territory.name), "created_by": by},
    )
    return recit


@transaction.atomic
def recit_section_save(
    *, territory, key: str, narrative: str, version: int, by
) -> MonographSection:
    """Save the narrative of one section of a territory's récit (started by `by` if it is the
    first thing written in it), with the same concurrency check as a cooperation's."""
    if key not in RECIT_SECTION_KEYS:
        raise MonographError(_("Partie inconnue : %(key)s") % {"key": key})
    return _section_save(_recit(territory, by), key, narrative, version, by)


def recit_describe(*, territory, title: str, authors: str, by) -> Monograph:
    """Set the title (empty: « Récit du territoire : <name> ») and the authors of a récit."""
    recit = _recit(territory, by)
    recit.title, recit.authors = title.strip(), authors.strip()
    recit.save(update_fields=["title", "authors", "updated_at"])
    return recit


def recit_publish(*, territory, public: bool, by) -> Monograph:
    """Show a territory's récit to everyone, or take it back. A project territory must be visible
    to everyone first: the récit shows its name and what acts on it."""
    if public:
        try:
            resolve(territory.ref, user=AnonymousUser())
        except TerritoryRefError as error:
            raise MonographError(
                _(
                    "Rendez d'abord le territoire de projet visible de tous : le récit publié en "
                    "montre le nom et ce qui y agit."
                )
            ) from error
    recit = _recit(territory, by)
    recit.is_public = public
    recit.published_at = timezone.now() if public else None
    recit.save(update_fields=["is_public", "published_at", "updated_at"])
    return recit
