"""The economic model and useful effects section, read from `terreau.economy`."""

from decimal import Decimal

from django.utils.translation import gettext as _

from terreau.cooperations.models import (
    Cooperation,
)
from terreau.monographs.content import (
    Facts,
    Missing,
    Table,
    Text,
)
from terreau.monographs.sections.reading import Reader, euros


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
