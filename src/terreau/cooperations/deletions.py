"""What the confirmation page says before a part of a cooperation is deleted: its name, and what
goes with it, counted."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from terreau.cooperations.models import BuildingBlock, JournalEntry, Member, Relation


def counted(count: int, text: str) -> str:
    """ "2 citations", or "" when there is none (the page then leaves the line out); `text` is
    the ngettext of the count, written at the call so that makemessages finds it."""
    return text % {"count": count} if count else ""


def deletion_title(item) -> str:
    if isinstance(item, Member):
        return _("Retirer le membre « %(name)s »") % {"name": item.actor.name}
    if isinstance(item, BuildingBlock):
        return _("Supprimer la brique « %(name)s »") % {"name": item.name}
    if isinstance(item, Relation):
        return _("Supprimer la relation « %(relation)s »") % {"relation": item}
    if isinstance(item, JournalEntry):
        return _("Supprimer l'événement « %(title)s »") % {"title": item.title}
    raise TypeError(item)


def deletion_consequences(item) -> list[str]:
    if isinstance(item, Member):
        return [
            _("L'adhésion de %(name)s à la coopération ; l'acteur reste dans l'annuaire.")
            % {"name": item.actor.name},
            counted(
                n := item.blocks.count(),
                ngettext(
                    "Sa place d'opérateur dans %(count)d brique.",
                    "Sa place d'opérateur dans %(count)d briques.",
                    n,
                ),
            ),
        ]
    if isinstance(item, BuildingBlock):
        return [
            counted(
                n := item.operators.count(),
                ngettext(
                    "Le lien avec %(count)d opérateur (le membre reste).",
                    "Les liens avec %(count)d opérateurs (les membres restent).",
                    n,
                ),
            ),
            counted(
                n := item.journal_entries.count(),
                ngettext(
                    "Sa mention dans %(count)d événement du journal (l'événement reste).",
                    "Sa mention dans %(count)d événements du journal (les événements restent).",
                    n,
                ),
            ),
        ]
    if isinstance(item, Relation):
        return [_("Les deux acteurs restent ; seule la relation disparaît.")]
    if isinstance(item, JournalEntry):
        return [
            counted(
                n := item.quotes.count(), ngettext("%(count)d citation.", "%(count)d citations.", n)
            ),
            counted(
                n := item.attachments.count(),
                ngettext(
                    "%(count)d pièce jointe et son fichier.",
                    "%(count)d pièces jointes et leurs fichiers.",
                    n,
                ),
            ),
        ]
    raise TypeError(item)
