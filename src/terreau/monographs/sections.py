"""The sections of a monograph, in the order of the research-action grid (source §001): the origin
of the project, the room for manoeuvre, the unmet needs, where the social innovation comes from,
the participation process, the regulation of frictions, the cooperation tools — then the
actor-system network, the economic model and useful effects, the maturity results, the indicators
of the stage and the trajectory.

Each section is one small builder `builder(cooperation, reader) -> list[part]` (parts in
`content.py`) listed in `SECTIONS`; the narrative people write is stored apart
(`models.MonographSection`) and joined by `build_monograph`. A builder shows only what the reader
may see: the public (a published monograph) gets the published fields, the members marked public
and public needs; the journal, relations, network and economic data need access to the record.
Adding a section is one builder and one line in `SECTIONS` (no migration: keys are not choices).
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from terreau.cooperations.models import (
    AccessRole,
    Cooperation,
    JournalEntry,
    Member,
    Relation,
)
from terreau.cooperations.queries import issue_coverage
from terreau.core.taxonomies import ActorKind, MemberRole, RelationKind, Sector, sector_of
from terreau.diagnosis.models import Need
from terreau.maturity.monograph import maturity_parts
from terreau.monographs.content import (
    Bullets,
    Facts,
    Figure,
    Missing,
    MonographContent,
    Section,
    Table,
    Text,
)
from terreau.monographs.models import Monograph
from terreau.territories.refs import TerritoryRefError, resolve


@dataclass(frozen=True)
class Reader:
    """Who reads: a user account (None: the operator at the command line) and its access role on
    the cooperation (None: the public, who reads a published monograph)."""

    user: object
    role: AccessRole | None

    @classmethod
    def of(cls, cooperation: Cooperation, user) -> "Reader":
        return cls(user, cooperation.role_of(user))

    @classmethod
    def public(cls) -> "Reader":
        return cls(AnonymousUser(), None)

    @property
    def sees_record(self) -> bool:
        return self.role is not None


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: Promise
    questions: tuple[Promise, ...]
    build: Callable[[Cooperation, Reader], list]


def build_monograph(cooperation: Cooperation, *, reader: Reader) -> MonographContent:
    """The whole monograph as the reader may see it, in the active language."""
    monograph = monograph_of(cooperation)
    stored = {s.key: s for s in monograph.sections.all()} if monograph.pk else {}
    return MonographContent(
        cooperation=cooperation,
        title=monograph.display_title,
        authors=monograph.authors,
        generated_at=timezone.localtime(),
        is_public=monograph.is_public,
        public_view=not reader.sees_record,
        identity=identity(cooperation, reader),
        sections=[
            _section(number, spec, cooperation, reader, stored.get(spec.key))
            for number, spec in enumerate(SECTIONS, start=1)
        ],
    )


def build_section(cooperation: Cooperation, reader: Reader, key: str) -> Section | None:
    """One section (None for an unknown key), as the page shows it after an edit."""
    for number, spec in enumerate(SECTIONS, start=1):
        if spec.key == key:
            monograph = monograph_of(cooperation)
            stored = monograph.sections.filter(key=key).first() if monograph.pk else None
            return _section(number, spec, cooperation, reader, stored)
    return None


def _section(number: int, spec: SectionSpec, cooperation, reader, stored) -> Section:
    return Section(
        key=spec.key,
        number=number,
        title=str(spec.title),
        questions=[str(q) for q in spec.questions],
        parts=spec.build(cooperation, reader),
        narrative=stored.narrative if stored else "",
        narrative_by=stored.updated_by_name if stored else "",
        narrative_on=stored.updated_at if stored else None,
        version=stored.version if stored else 0,
    )


def monograph_of(cooperation: Cooperation) -> Monograph:
    """The stored monograph, or a new unsaved one (reading never writes)."""
    return Monograph.objects.filter(cooperation=cooperation).first() or Monograph(
        cooperation=cooperation
    )


# Reading the record with the reader's rights.


def members(cooperation: Cooperation, reader: Reader) -> list[Member]:
    rows = cooperation.members.select_related("actor")
    if not reader.sees_record:
        rows = rows.filter(is_public=True)
    return list(rows)


def journal(cooperation: Cooperation, reader: Reader, kinds) -> list[JournalEntry]:
    """Journal entries of some kinds, oldest first; the journal is never public."""
    if not reader.sees_record:
        return []
    return list(cooperation.journal.filter(kind__in=kinds).order_by("happened_on", "pk"))


def relations(cooperation: Cooperation, reader: Reader, kinds) -> list[Relation]:
    """Relations recorded in the cooperation, never public even when it is published."""
    if not reader.sees_record:
        return []
    rows = Relation.objects.visible_to(reader.user).filter(cooperation=cooperation, kind__in=kinds)
    return list(rows.select_related("source", "target"))


def day(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def euros(amount: Decimal) -> str:
    return f"{formats.number_format(amount, 2, use_l10n=True, force_grouping=True)} €"


def entry_line(entry: JournalEntry) -> str:
    line = f"{day(entry.happened_on)} — {entry.title}"
    return f"{line} : {entry.text}" if entry.text else line


def territory_name(cooperation: Cooperation) -> str:
    try:
        return resolve(cooperation.territory_ref, user=None).name
    except TerritoryRefError:
        return cooperation.territory_ref


def identity(cooperation: Cooperation, reader: Reader) -> Facts:
    """The identity card at the top of the monograph (published fields only for the public)."""
    typology = cooperation.get_cooperation_type_display()
    if cooperation.model:
        typology = f"{typology} — {cooperation.get_model_display()}"
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
    if not reader.sees_record:
        return []
    entries = journal(cooperation, reader, [JournalEntry.Kind.FRICTION])
    if not entries:
        return [Missing(_("Aucune difficulté ni friction consignée dans le journal."))]
    return [
        Table(
            _("Frictions consignées dans le journal et leur régulation"),
            [_("Date"), _("Difficulté"), _("Régulation")],
            [
                [day(e.happened_on), f"{e.title}. {e.text}".strip(), e.regulation or "—"]
                for e in entries
            ],
        )
    ]


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


def actor_network(cooperation: Cooperation, reader: Reader) -> list:
    """Only for readers of the whole record, as the network page (a published cooperation's
    relations are not public)."""
    if not reader.sees_record:
        return []
    from terreau.network import drawing
    from terreau.network.metrics import network_metrics
    from terreau.network.queries import cooperation_network

    network = cooperation_network(cooperation, user=reader.user)
    metrics = network_metrics(network)
    if not metrics["relations"]:
        return [Missing(_("Aucune relation entre acteurs enregistrée."))]
    share = metrics["cross_sector_share"]
    parts: list = [
        Figure(
            render_to_string(
                "network/includes/static_graph_svg.html",
                {"drawing": drawing.static_drawing(network)},
            ),
            _(
                "Le système d'acteurs : couleur selon le type d'acteur, forme selon le secteur "
                "(rond : ESS, carré : public, triangle : privé, losange : citoyen)."
            ),
        ),
        Facts(
            [
                (_("Acteurs"), str(metrics["nodes"])),
                (_("Relations"), str(metrics["relations"])),
                (_("Densité"), formats.number_format(metrics["density"], 2, use_l10n=True)),
                (_("Composantes"), str(metrics["components"])),
                (
                    _("Relations entre secteurs différents"),
                    "—" if share is None else f"{round(share * 100)} %",
                ),
            ]
        ),
    ]
    if metrics["top_betweenness"]:
        parts.append(
            Bullets(
                _("Acteurs passerelles (intermédiarité)"),
                [row["actor"]["name"] for row in metrics["top_betweenness"][:5]],
            )
        )
    parts.append(Bullets(_("Relations"), [relation_line(r) for r in relation_rows(network)]))
    return parts


def relation_rows(network):
    """The network's relations (the figure's text alternative) as model rows with their actors."""
    ids = network.relations.ids
    return (
        Relation.objects.filter(pk__in=ids)
        .select_related("source", "target")
        .order_by("source__search_name", "target__search_name", "pk")
    )


def economic_model(cooperation: Cooperation, reader: Reader) -> list:
    if not reader.sees_record:
        return []
    return [
        Facts([(_("Modèle économique"), cooperation.get_economic_model_display())]),
        # The economy app (resources, costs, useful effects) plugs its parts in here.
        Missing(
            _("Les ressources, les coûts et les effets utiles ne sont pas encore enregistrés.")
        ),
    ]


def maturity(cooperation: Cooperation, reader: Reader) -> list:
    if not reader.sees_record:
        return []
    return maturity_parts(cooperation)


def indicators(cooperation: Cooperation, reader: Reader) -> list:
    parts: list = [Facts([(_("Étape actuelle"), cooperation.get_stage_display())])]
    if reader.sees_record:
        # The evaluation app (indicators of the stage and their values) plugs its parts in here.
        parts.append(Missing(_("Aucun indicateur n'est encore suivi.")))
    return parts


TRAJECTORY_KINDS = (
    JournalEntry.Kind.SMALL_VICTORY,
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
    moments = journal(cooperation, reader, TRAJECTORY_KINDS)
    if moments:
        parts.append(
            Bullets(
                _("Petites victoires, financements et témoignages"),
                [f"{entry_line(e)} ({e.get_kind_display()})" for e in moments],
            )
        )
    if not parts:
        parts.append(Missing(_("Le journal de la trajectoire est vide.")))
    return parts


SECTIONS = [
    SectionSpec(
        "origin",
        gettext_lazy("Origine du projet"),
        (gettext_lazy("Commande publique ? Mobilisation citoyenne ?"),),
        origin,
    ),
    SectionSpec(
        "room_for_manoeuvre",
        gettext_lazy("Marges de manœuvre"),
        (
            gettext_lazy(
                "Quelle marge de manœuvre était à disposition pour faire le cadre de travail ?"
            ),
        ),
        room_for_manoeuvre,
    ),
    SectionSpec(
        "unmet_needs",
        gettext_lazy("Besoins non couverts"),
        (gettext_lazy("Quels besoins non couverts du territoire la coopération satisfait-elle ?"),),
        unmet_needs,
    ),
    SectionSpec(
        "social_innovation",
        gettext_lazy("L'innovation sociale"),
        (
            gettext_lazy(
                "D'où vient l'innovation dans le projet : nouvelles méthodes d'animation ? "
                "Reconfiguration des parties prenantes ? Nouvelles solutions proposées ?"
            ),
        ),
        social_innovation,
    ),
    SectionSpec(
        "participation",
        gettext_lazy("Processus de participation"),
        (gettext_lazy("Quel était le processus de participation ?"),),
        participation,
    ),
    SectionSpec(
        "frictions",
        gettext_lazy("Régulation des frictions et blocages"),
        (
            gettext_lazy(
                "Quels étaient les modes de régulation des points de friction et de blocage pour "
                "promouvoir la coopération ?"
            ),
        ),
        frictions,
    ),
    SectionSpec(
        "cooperation_tools",
        gettext_lazy("Outils de la coopération"),
        (
            gettext_lazy(
                "Quels outils ont été utilisés pour la coopération territoriale : "
                "outils monétaires ? Outils juridiques ?"
            ),
        ),
        cooperation_tools,
    ),
    SectionSpec(
        "actor_network",
        gettext_lazy("Le système d'acteurs"),
        (
            gettext_lazy(
                "Qui coopère avec qui, et quels acteurs relient les mondes du territoire ?"
            ),
        ),
        actor_network,
    ),
    SectionSpec(
        "economic_model",
        gettext_lazy("Modèle économique et effets utiles"),
        (
            gettext_lazy(
                "Quelles ressources font vivre la coopération, "
                "et quels effets utiles produit-elle ?"
            ),
        ),
        economic_model,
    ),
    SectionSpec(
        "maturity",
        gettext_lazy("Maturité coopérative"),
        (gettext_lazy("Où en est la coopération selon ses membres ?"),),
        maturity,
    ),
    SectionSpec(
        "indicators",
        gettext_lazy("Indicateurs de l'étape"),
        (gettext_lazy("Qu'est-ce qui compte à cette étape, et comment cela évolue-t-il ?"),),
        indicators,
    ),
    SectionSpec(
        "trajectory",
        gettext_lazy("Trajectoire"),
        (
            gettext_lazy(
                "Par quelles étapes, petites victoires et tournants la coopération est-elle "
                "passée ?"
            ),
        ),
        trajectory,
    ),
]
SECTION_KEYS = [spec.key for spec in SECTIONS]
