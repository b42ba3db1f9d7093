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
from terreau.core.taxonomies import (
    ActorKind,
    MemberRole,
    RelationKind,
    Sector,
    StoryTag,
    sector_of,
)
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


def journal(cooperation: Cooperation, reader: Reader, kinds):
    """Journal entries of some kinds, oldest first (a query, so that a slice reads only what it
    keeps); the journal is never public."""
    if not reader.sees_record:
        return []
    return cooperation.journal.filter(kind__in=kinds).order_by("happened_on", "pk")


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
    """The economic model is private to the record's accounts even when the cooperation is
    published (as its page): the year of `economy.queries.default_year`, resources agreed or
    received, the economy app's indicators with their own readings, the useful-effects register."""
    if not reader.sees_record:
        return []
    from terreau.economy.queries import cooperation_indicators, default_year, year_lines

    parts: list = [Facts([(_("Modèle économique"), cooperation.get_economic_model_display())])]
    effects = list(
        cooperation.useful_effects.prefetch_related("contributions__beneficiary").order_by(
            "name", "pk"
        )
    )
    has_lines = cooperation.resources.exists() or cooperation.costs.exists()
    if not has_lines and not effects:
        parts.append(
            Missing(
                _("Les ressources, les coûts et les effets utiles ne sont pas encore enregistrés.")
            )
        )
        return parts
    if has_lines:
        year = default_year(cooperation)
        data = cooperation_indicators(cooperation, year)
        parts += economic_year(year, data)
        parts.append(family_table(year, year_lines(cooperation, year)[0]))
        parts += economic_costs_and_readings(year, data)
    if effects:
        parts.append(effects_register(effects))
    else:
        parts.append(Missing(_("Aucun effet utile enregistré.")))
    return parts


def economic_year(year: int, data: dict) -> list:
    return [
        Facts(
            [
                (_("Année"), str(year)),
                (_("Ressources financières"), euros(Decimal(data["resources_total"]))),
                (_("En nature"), euros(Decimal(data["in_kind_total"]))),
                (_("Temps"), euros(Decimal(data["time_total"]))),
                (
                    _("Ressources valorisées (argent, nature, temps)"),
                    euros(Decimal(data["valued_total"])),
                ),
                (_("Charges"), euros(Decimal(data["costs_total"]))),
                (_("Solde (ressources financières − charges)"), euros(Decimal(data["balance"]))),
            ]
        ),
        Text(
            _("Seules les ressources accordées ou reçues sont comptées.")
            + " "
            + _(
                "Une ligne sur plusieurs années compte pour la part de ses jours qui tombe dans "
                "l'année."
            )
        ),
    ]


def family_table(year: int, lines) -> Table:
    """The year's resources per family, money, in kind and time side by side (the lines are
    already shared to the year by `economy.queries.year_lines`)."""
    from terreau.economy.taxonomies import ResourceFamily, ResourceForm

    forms = list(ResourceForm)
    cells = {f: {form: Decimal(0) for form in forms} for f in ResourceFamily}
    for line in lines:
        cells[ResourceFamily(line.family)][ResourceForm(line.form)] += line.amount
    rows = [
        [
            str(family.label),
            *(euros(cells[family][f]) for f in forms),
            euros(sum(cells[family].values(), Decimal(0))),
        ]
        for family in ResourceFamily
        if any(cells[family].values())
    ]
    totals = [sum((cells[family][f] for family in ResourceFamily), Decimal(0)) for f in forms]
    rows.append([_("Total"), *(euros(t) for t in totals), euros(sum(totals, Decimal(0)))])
    return Table(
        _("Ressources de %(year)s par famille, en euros") % {"year": year},
        [_("Famille"), _("Argent"), _("En nature"), _("Temps"), _("Total valorisé")],
        rows,
    )


def economic_costs_and_readings(year: int, data: dict) -> list:
    from terreau.economy.indicators import readings
    from terreau.economy.taxonomies import CostCategory

    parts: list = []
    costs = [
        [str(category.label), euros(Decimal(data["costs_by_category"][category.value]))]
        for category in CostCategory
        if Decimal(data["costs_by_category"][category.value])
    ]
    if costs:
        parts.append(
            Table(
                _("Charges de %(year)s par catégorie, en euros") % {"year": year},
                [_("Catégorie"), _("Montant")],
                [*costs, [_("Total"), euros(Decimal(data["costs_total"]))]],
            )
        )
    parts.append(
        Table(
            _("Indicateurs de %(year)s") % {"year": year},
            [_("Indicateur"), _("Valeur"), _("Lecture")],
            [[r["label"], r["shown"], r["sentence"]] for r in readings(data)],
        )
    )
    return parts


def effects_register(effects) -> Table:
    def beneficiaries(effect) -> str:
        return " ; ".join(
            f"{c.beneficiary.name} ({c.get_status_display()}"
            + ("" if c.amount is None else f", {euros(c.amount)}")
            + ")"
            for c in effect.contributions.all()
        ) or _("aucun tiers pour l'instant")

    return Table(
        _("Registre des effets utiles"),
        [
            _("Effet"),
            _("Tiers et contributions"),
            _("Valeur annuelle estimée"),
            _("Niveau de preuve"),
        ],
        [
            [
                f"{effect.name} ({effect.get_effect_type_display()})",
                beneficiaries(effect),
                "—"
                if effect.estimated_annual_value is None
                else euros(effect.estimated_annual_value),
                effect.get_evidence_level_display(),
            ]
            for effect in effects
        ],
    )


def maturity(cooperation: Cooperation, reader: Reader) -> list:
    if not reader.sees_record:
        return []
    return maturity_parts(cooperation)


def indicators(cooperation: Cooperation, reader: Reader) -> list:
    """Indicators are not part of the public record (as the evaluation page): the public reads
    the stage only. Those fitting the current stage come first (`evaluation.queries`)."""
    parts: list = [Facts([(_("Étape actuelle"), cooperation.get_stage_display())])]
    if not reader.sees_record:
        return parts
    from terreau.evaluation.queries import indicator_series

    series = indicator_series(cooperation)
    if not series:
        parts.append(Missing(_("Aucun indicateur n'est encore suivi.")))
        return parts
    parts.append(
        Table(
            _("Indicateurs suivis, ceux de l'étape actuelle d'abord"),
            [_("Indicateur"), _("Étape"), _("Dernière valeur"), _("Date"), _("Source")],
            [
                [
                    item.indicator.label,
                    _("adapté à l'étape actuelle") if item.fits_stage else _("d'une autre étape"),
                    f"{item.latest.value_text} {item.indicator.unit_label}".strip()
                    if item.latest
                    else _("aucune valeur"),
                    day(item.latest.measured_on) if item.latest else "—",
                    item.latest.source if item.latest else "—",
                ]
                for item in series
            ],
        )
    )
    for item in series:
        if len(item.values) < 2:
            continue  # one value is all in the table above: no line to draw
        label = item.indicator.label
        parts.append(
            Figure(
                render_to_string(
                    "monographs/includes/series_svg.html", {"chart": item.chart, "label": label}
                ),
                _("%(name)s dans le temps ; les valeurs sont dans le tableau qui suit.")
                % {"name": label},
            )
        )
        parts.append(
            Table(
                _("Valeurs de « %(name)s » (%(unit)s)")
                % {"name": label, "unit": item.indicator.unit_label},
                [_("Date"), _("Valeur"), _("Source")],
                [[day(v.measured_on), v.value_text, v.source] for v in item.values],
            )
        )
    return parts


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
