"""The stories and trajectory read from the cooperation's journal."""

from django.utils.translation import gettext as _

from terreau.cooperations.models import (
    Cooperation,
    JournalEntry,
)
from terreau.core.taxonomies import (
    StoryTag,
)
from terreau.monographs.content import (
    Bullets,
    Facts,
    Missing,
    Table,
)
from terreau.monographs.sections.reading import Reader, day, entry_line, journal


def stories(cooperation: Cooperation, reader: Reader, tags) -> list[JournalEntry]:
    """The journal's entries carrying one of the story `tags`, oldest first, with their quotes
    and attachments (`cooperations.queries.journal_entries`); never public."""
    if not reader.sees_record:
        return []
    from terreau.cooperations.queries import journal_entries

    entries = journal_entries(cooperation).order_by("happened_on", "pk")
    return [e for e in entries if set(tags) & set(e.tag_list)]


def story_details(entry: JournalEntry) -> list[str]:
    """A story's text, quotes, people and attachments — attachments by name only, never embedded
    (a photo of people stays in the record, where its permissions are checked)."""
    lines = [entry.text] if entry.text else []
    lines += [f"« {quote.text} » — {quote.speaker}" for quote in entry.quotes.all()]
    people = [m.actor.name for m in entry.members.all()] + entry.people_list
    if people:
        lines.append(_("Personnes impliquées : %(names)s") % {"names": ", ".join(people)})
    lines += [
        _("Pièce jointe : %(name)s (%(type)s)")
        % {"name": a.original_name, "type": a.get_file_type_display()}
        for a in entry.attachments.all()
    ]
    return lines


def story_title(entry: JournalEntry) -> str:
    tags = ", ".join(str(tag.label) for tag in entry.tag_list)
    return f"{day(entry.happened_on)} — {entry.title} ({tags})"


TRAJECTORY_KINDS = (
    JournalEntry.Kind.FUNDING_OBTAINED,
    JournalEntry.Kind.FUNDING_REFUSED,
    JournalEntry.Kind.TESTIMONY,
)


def trajectory(cooperation: Cooperation, reader: Reader) -> list:
    if not reader.sees_record:
        return [Facts([(_("Étape actuelle"), cooperation.get_stage_display())])]
    stages = journal(cooperation, reader, [JournalEntry.Kind.STAGE_CHANGE])
    parts: list = []
    if stages:
        parts.append(
            Table(
                _("Étapes franchies"),
                [_("Date"), _("Étape"), _("Événement")],
                [[day(e.happened_on), e.get_stage_display(), e.title] for e in stages],
            )
        )
    told = stories(cooperation, reader, [StoryTag.SMALL_VICTORY, StoryTag.TURNING_POINT])
    for entry in told:
        parts.append(Bullets(story_title(entry), story_details(entry)))
    shown = {e.pk for e in told}
    moments = [e for e in journal(cooperation, reader, TRAJECTORY_KINDS) if e.pk not in shown]
    if moments:
        parts.append(
            Bullets(
                _("Financements et témoignages"),
                [f"{entry_line(e)} ({e.get_kind_display()})" for e in moments],
            )
        )
    if not parts:
        parts.append(Missing(_("Le journal de la trajectoire est vide.")))
    return parts
