"""The sections drawn from the cooperation's record (members, journal, relations, needs): origin,
room for manoeuvre, unmet needs, social innovation, participation, frictions and cooperation
tools."""

from collections import Counter
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from terreau.cooperations.models import (
    Cooperation,
    JournalEntry,
    Relation,
)
from terreau.cooperations.queries import issue_coverage
from terreau.core.taxonomies import (
    ActorKind,
    MemberRole,
    RelationKind,
    Sector,
    StoryTag,
    sector_of,
)
from terreau.diagnosis.models import Need
from terreau.monographs.content import (
    Bullets,
    Facts,
    Missing,
    Table,
    Text,
)
from terreau.monographs.sections.reading import (
    Reader,
    day,
    entry_line,
    euros,
    journal,
    members,
    relations,
    territory_name,
)
from terreau.monographs.sections.stories import (
    stories,
    story_details,
)


def identity(cooperation: Cooperation, reader: Reader) -> Facts:
    """The identity card at the top of the monograph (published fields only for the public)."""
    typology = cooperation.get_cooperation_type_display()
    if cooperation.models:
        typology = f"{typology} — {cooperation.model_labels}"
    rows = [
        (_("Visée"), cooperation.aim),
        (_("Territoire"), territory_name(cooperation)),
        (_("Typologie"), typology),
        (_("Étape"), cooperation.get_stage_display()),
    ]
    if reader.sees_record:
        rows += [
            (_("Portage"), cooperation.get_carrier_display()),
            (_("Forme juridique"), cooperation.get_legal_form_display()),
            (_("Modèle économique"), cooperation.get_economic_model_display()),
            (_("Depuis"), day(cooperation.started_on)),
        ]
    return Facts(rows)


# The builders, one per section of the grid.

CARRIER_ORIGIN = {
    "institutional": gettext_lazy(
        "portage institutionnel : le projet répond à une commande publique"
    ),
    "citizen": gettext_lazy("portage citoyen : le projet naît d'une mobilisation citoyenne"),
    "mixed": gettext_lazy(
        "portage mixte : commande publique et mobilisation citoyenne se rejoignent"
    ),
}


def origin(cooperation: Cooperation, reader: Reader) -> list:
    parts: list = [Text(cooperation.aim)]
    if reader.sees_record:
        facts = [(_("Origine"), str(CARRIER_ORIGIN[cooperation.carrier]))]
        facts.append((_("Début"), day(cooperation.started_on)))
        parts.append(Facts(facts))
        if cooperation.description:
            parts.append(Text(cooperation.description))
    leads = [m for m in members(cooperation, reader) if MemberRole.LEAD in m.role_list]
    if leads:
        parts.append(Bullets(_("Porteurs"), [m.actor.name for m in leads]))
    first = journal(cooperation, reader, JournalEntry.Kind.values)[:1]
    if first:
        parts.append(Bullets(_("Premier événement du journal"), [entry_line(first[0])]))
    return parts


PUBLIC_KINDS = {ActorKind.LOCAL_AUTHORITY, ActorKind.PUBLIC_BODY}
FRAMEWORK_RELATIONS = (
    RelationKind.COOPERATION_AGREEMENT,
    RelationKind.PUBLIC_PARTNERSHIP,
    RelationKind.FUNDING,
)


def relation_line(relation: Relation) -> str:
    arrow = "→" if relation.directed else "↔"
    line = f"{relation.source.name} {arrow} {relation.target.name} ({relation.get_kind_display()}"
    if relation.started_on and relation.ended_on:
        line += f", {day(relation.started_on)} – {day(relation.ended_on)}"
    elif relation.started_on:
        line += ", " + _("depuis le %(date)s") % {"date": day(relation.started_on)}
    elif relation.ended_on:
        line += ", " + _("jusqu'au %(date)s") % {"date": day(relation.ended_on)}
    if relation.amount is not None:
        line += f", {euros(relation.amount)}"
    line += ")"
    return f"{line} : {relation.note}" if relation.note else line


def room_for_manoeuvre(cooperation: Cooperation, reader: Reader) -> list:
    parts = []
    public_partners = [
        m
        for m in members(cooperation, reader)
        if m.actor.kind in PUBLIC_KINDS or MemberRole.LOCAL_AUTHORITY in m.role_list
    ]
    if public_partners:
        parts.append(
            Bullets(
                _("Partenaires publics"),
                [f"{m.actor.name} ({m.role_labels})" for m in public_partners],
            )
        )
    framework = relations(cooperation, reader, FRAMEWORK_RELATIONS)
    if framework:
        parts.append(
            Bullets(
                _("Conventions et financements qui cadrent le travail"),
                [relation_line(r) for r in framework],
            )
        )
    if not parts:
        parts.append(Missing(_("Aucun partenaire public ni convention enregistrés.")))
    return parts


def unmet_needs(cooperation: Cooperation, reader: Reader) -> list:
    blocks = list(cooperation.blocks.all())
    parts = []
    coverage = issue_coverage(cooperation, blocks)
    if coverage:
        parts.append(
            Table(
                _("Enjeux territoriaux et briques qui y répondent"),
                [_("Enjeu"), _("Briques")],
                [
                    [
                        str(row.life_function.label)
                        + ("" if row.is_issue else f" ({_('hors enjeux déclarés')})"),
                        ", ".join(b.name for b in row.blocks) or _("aucune brique : non couvert"),
                    ]
                    for row in coverage
                ],
            )
        )
    needs = Need.objects.visible_to(reader.user).filter(cooperations=cooperation)
    if needs:
        parts.append(
            Bullets(
                _("Besoins non couverts auxquels la coopération répond"),
                [
                    f"{need.title} — {need.get_status_display()}, "
                    f"{need.get_channel_display()} {day(need.voiced_on)}"
                    + (f", {_('exprimé par')} {need.voiced_by}" if need.voiced_by else "")
                    for need in needs
                ],
            )
        )
    else:
        parts.append(Missing(_("Aucun besoin du registre n'est relié à la coopération.")))
    return parts


def social_innovation(cooperation: Cooperation, reader: Reader) -> list:
    parts = []
    people = members(cooperation, reader)
    shown = {m.pk for m in people}
    blocks = list(cooperation.blocks.prefetch_related("operators__actor"))
    if blocks:
        parts.append(
            Table(
                _("Nouvelles solutions : les briques de la solution intégrée"),
                [_("Brique"), _("Enjeux servis"), _("Opérateurs"), _("État")],
                [
                    [
                        block.name,
                        ", ".join(str(f.label) for f in block.life_function_list) or "—",
                        ", ".join(o.actor.name for o in block.operators.all() if o.pk in shown)
                        or "—",
                        block.get_status_display(),
                    ]
                    for block in blocks
                ],
            )
        )
    sectors = Counter(sector_of(m.actor.kind, m.actor.is_ess) for m in people)
    if sectors:
        parts.append(
            Facts(
                [
                    (
                        _("Parties prenantes : secteur %(sector)s") % {"sector": s.label},
                        str(sectors[s]),
                    )
                    for s in Sector
                    if sectors[s]
                ]
            )
        )
    animators = [m for m in people if {MemberRole.CATALYST, MemberRole.SUPPORT} & set(m.role_list)]
    if animators:
        parts.append(
            Bullets(
                _("Animation : catalyseurs et accompagnateurs"),
                [f"{m.actor.name} ({m.role_labels})" for m in animators],
            )
        )
    if not parts:
        parts.append(Missing(_("Aucune brique ni aucun membre enregistrés.")))
    return parts


def participation(cooperation: Cooperation, reader: Reader) -> list:
    people = members(cooperation, reader)
    if not people:
        return [Missing(_("Aucun membre enregistré."))]
    parts: list = [
        Table(
            _("Membres et rôles"),
            [_("Acteur"), _("Type"), _("Rôles"), _("Arrivée"), _("Départ")],
            [
                [m.actor.name, m.actor.kind_label, m.role_labels, day(m.joined_on), day(m.left_on)]
                for m in people
            ],
        )
    ]
    moments = journal(
        cooperation,
        reader,
        [
            JournalEntry.Kind.DECISION,
            JournalEntry.Kind.MEMBER_ARRIVAL,
            JournalEntry.Kind.MEMBER_DEPARTURE,
        ],
    )
    if moments:
        parts.append(Bullets(_("Décisions, arrivées et départs"), [entry_line(e) for e in moments]))
    return parts


def frictions(cooperation: Cooperation, reader: Reader) -> list:
    """The journal's entries tagged friction (an entry of kind friction always is), with their
    regulation; their quotes, people and attachments follow the table."""
    if not reader.sees_record:
        return []
    entries = stories(cooperation, reader, [StoryTag.FRICTION])
    if not entries:
        return [Missing(_("Aucune difficulté ni friction consignée dans le journal."))]
    parts: list = [
        Table(
            _("Frictions consignées dans le journal et leur régulation"),
            [_("Date"), _("Difficulté"), _("Régulation")],
            [
                [day(e.happened_on), f"{e.title}. {e.text}".strip(), e.regulation or "—"]
                for e in entries
            ],
        )
    ]
    for entry in entries:
        details = story_details(entry)[1 if entry.text else 0 :]
        if details:
            parts.append(Bullets(f"{day(entry.happened_on)} — {entry.title}", details))
    return parts


MONETARY_RELATIONS = (RelationKind.FUNDING, RelationKind.POOLING, RelationKind.STAFF_PROVISION)
LEGAL_RELATIONS = (RelationKind.COOPERATION_AGREEMENT, RelationKind.PUBLIC_PARTNERSHIP)


def cooperation_tools(cooperation: Cooperation, reader: Reader) -> list:
    if not reader.sees_record:
        return []
    parts: list = [
        Facts([(_("Forme juridique de la coopération"), cooperation.get_legal_form_display())])
    ]
    found = relations(cooperation, reader, MONETARY_RELATIONS + LEGAL_RELATIONS)
    rows = []
    for kind in MONETARY_RELATIONS + LEGAL_RELATIONS:
        of_kind = [r for r in found if r.kind == kind]
        if of_kind:
            amounts = [r.amount for r in of_kind if r.amount is not None]
            rows.append(
                [
                    str(kind.label),
                    _("monétaire") if kind in MONETARY_RELATIONS else _("juridique"),
                    str(len(of_kind)),
                    euros(sum(amounts, Decimal(0))) if amounts else "—",
                ]
            )
    if rows:
        parts.append(
            Table(
                _("Outils de coopération enregistrés comme relations"),
                [_("Outil"), _("Nature"), _("Relations"), _("Montants")],
                rows,
            )
        )
    else:
        parts.append(Missing(_("Aucun financement, mutualisation ni convention enregistrés.")))
    return parts
