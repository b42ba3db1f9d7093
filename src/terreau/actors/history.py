"""An actor's history as people read it: field labels, displayed values (commune names, labels of
keys), and who or which file made each change."""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from terreau.actors import classification
from terreau.actors.models import Actor, ActorChange
from terreau.core.taxonomies import ActorKind, LifeFunction
from terreau.territories.models import Commune

# Fields whose model field has no label of its own.
LABELS = {"commune": gettext_lazy("commune")}
# Older changes named the commune by its column.
ALIASES = {"commune_id": "commune"}


@dataclass
class Line:
    label: str
    old: str  # "" when the field was empty
    new: str


@dataclass
class Entry:
    change: ActorChange
    author: str
    lines: list[Line]


def field_label(name: str) -> str:
    """What people call an actor field (its form label), from its name."""
    name = ALIASES.get(name, name)
    if name in LABELS:
        return capfirst(LABELS[name])
    try:
        return capfirst(Actor._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def displayed(name: str, value, communes: dict[int, str]) -> str:
    """A stored value as the actor page shows it; "" for an empty one."""
    name = ALIASES.get(name, name)
    if value in ("", None):
        return ""
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if name == "commune":
        # An id (a commune's name may change; older changes hold its name as text).
        return communes.get(value, str(value))
    if name == "kind":
        return str(dict(ActorKind.choices).get(value, value))
    if name == "life_functions":
        labels = dict(LifeFunction.choices)
        return ", ".join(str(labels.get(key, key)) for key in str(value).split())
    if name == "legal_form_code":
        form = classification.legal_form(value)
        return f"{form.label} ({value})" if form else str(value)
    if name == "legal_form_family":
        return str(dict(classification.legal_form_family_choices()).get(value, value))
    if name == "naf_code":
        label = classification.naf_label(value)
        return f"{value} — {label}" if label else str(value)
    return str(value)


def author(change: ActorChange) -> str:
    """Who or which file made a change. A person's changes carry their own name as source; an
    import's carry the file's name, and the person who ran it when known."""
    person = (change.by.get_full_name() or change.by.get_username()) if change.by else ""
    if change.source and (change.by is None or change.source != change.by.get_username()):
        if person:
            return _("import du fichier « %(file)s » par %(person)s") % {
                "file": change.source,
                "person": person,
            }
        return _("import du fichier « %(file)s »") % {"file": change.source}
    return person or _("auteur inconnu")


def actor_history(actor: Actor, limit: int = 50) -> list[Entry]:
    """The latest `limit` changes of `actor`, newest first, ready to show."""
    changes = list(actor.changes.select_related("by")[:limit])
    ids = {
        value
        for change in changes
        for name, pair in change.changes.items()
        if ALIASES.get(name, name) == "commune"
        for value in pair
        if isinstance(value, int)
    }
    communes = dict(Commune.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    return [
        Entry(
            change=change,
            author=author(change),
            lines=[
                Line(
                    field_label(name),
                    displayed(name, old, communes),
                    displayed(name, new, communes),
                )
                for name, (old, new) in change.changes.items()
            ],
        )
        for change in changes
    ]
