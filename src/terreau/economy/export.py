"""A cooperation's economic model as an XLSX workbook, the format funders and accountants expect:
one sheet per year (its resource and cost lines with the year's part of each, totals by family,
balance, indicators) and one sheet for the register of useful effects. Amounts are numbers with
cents (written from Decimal), formatted in euros."""

from decimal import Decimal
from io import BytesIO

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from terreau.core.spreadsheets import xlsx_row
from terreau.economy.indicators import readings
from terreau.economy.proration import year_share
from terreau.economy.queries import cooperation_indicators, default_year, overlapping, year_range
from terreau.economy.taxonomies import CostCategory, ResourceFamily

EUROS = '#,##0.00 "€"'
BOLD = Font(bold=True)


def economy_xlsx(cooperation) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for year in year_range(cooperation) or [default_year(cooperation)]:
        _year_sheet(workbook.create_sheet(str(year)), cooperation, year)
    _effects_sheet(workbook.create_sheet(_("Effets utiles")[:31]), cooperation)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class _Sheet:
    """Rows appended one after the other; amount columns get the euro format."""

    def __init__(self, sheet):
        self.sheet = sheet

    def row(self, *values, bold: bool = False, amounts=()) -> None:
        values = [str(v) if isinstance(v, Promise) else v for v in values]
        self.sheet.append(xlsx_row(self.sheet, values))
        cells = self.sheet[self.sheet.max_row]
        for index, cell in enumerate(cells):
            if bold:
                cell.font = BOLD
            if index in amounts:
                cell.number_format = EUROS

    def blank(self) -> None:
        self.sheet.append([])


def _year_sheet(sheet, cooperation, year: int) -> None:
    out = _Sheet(sheet)
    out.row(
        _("%(name)s — modèle économique %(year)s") % {"name": cooperation.name, "year": year},
        bold=True,
    )
    out.row(
        _(
            "Les indicateurs et totaux comptent les ressources accordées et reçues ; une ligne "
            "sur plusieurs années compte pour la part de ses jours dans l'année."
        )
    )
    out.blank()
    out.row(_("Ressources"), bold=True)
    out.row(
        _("Intitulé"),
        _("Famille"),
        _("Catégorie"),
        _("Forme"),
        _("Apporté par"),
        _("Début"),
        _("Fin"),
        _("Mode de financement"),
        _("Affectation"),
        _("État"),
        _("Heures"),
        _("Valeur horaire"),
        _("Montant de la ligne"),
        _("Part de l'année"),
        bold=True,
    )
    resources = overlapping(cooperation.resources.all(), year, year)
    for line in resources.select_related("source"):
        out.row(
            line.label,
            line.family.label,
            line.get_category_display(),
            line.get_form_display(),
            line.source.name if line.source else "",
            line.start_date,
            line.end_date,
            line.get_funding_mode_display(),
            line.get_earmark_display() if line.earmark else "",
            line.get_status_display(),
            line.hours,
            line.hourly_value,
            line.amount,
            year_share(line.amount, line.start_date, line.end_date, year),
            amounts=(11, 12, 13),
        )
    data = cooperation_indicators(cooperation, year)
    out.blank()
    out.row(_("Ressources valorisées par famille"), bold=True)
    for family in ResourceFamily:
        out.row(family.label, Decimal(data["by_family"][family.value]), amounts=(1,))
    out.blank()
    out.row(_("Charges"), bold=True)
    out.row(
        _("Intitulé"),
        _("Catégorie"),
        _("Début"),
        _("Fin"),
        _("Montant de la ligne"),
        _("Part de l'année"),
        bold=True,
    )
    for cost in overlapping(cooperation.costs.all(), year, year):
        out.row(
            cost.label,
            cost.get_category_display(),
            cost.start_date,
            cost.end_date,
            cost.amount,
            year_share(cost.amount, cost.start_date, cost.end_date, year),
            amounts=(4, 5),
        )
    for category in CostCategory:
        amount = data["costs_by_category"][category.value]
        if amount != "0.00":
            out.row(category.label, Decimal(amount), amounts=(1,))
    out.blank()
    out.row(_("Synthèse"), bold=True)
    for label, key in (
        (_("Ressources financières"), "resources_total"),
        (_("En nature"), "in_kind_total"),
        (_("Temps"), "time_total"),
        (_("Ressources valorisées"), "valued_total"),
        (_("Charges"), "costs_total"),
        (_("Solde (ressources financières − charges)"), "balance"),
    ):
        out.row(label, Decimal(data[key]), amounts=(1,))
    out.blank()
    out.row(_("Indicateurs"), _("Valeur"), _("Lecture"), bold=True)
    for reading in readings(data):
        out.row(reading["label"], reading["value"], reading["sentence"])
        if reading["key"] != "hybridisation":
            sheet.cell(row=sheet.max_row, column=2).number_format = "0.0%"
    sheet.column_dimensions["A"].width = 48
    sheet.freeze_panes = "A2"


def _effects_sheet(sheet, cooperation) -> None:
    out = _Sheet(sheet)
    out.row(
        _("Effet"),
        _("Type"),
        _("Briques qui le produisent"),
        _("Indicateur"),
        _("Valeur mesurée"),
        _("Valeur annuelle estimée"),
        _("Méthode d'estimation"),
        _("Source"),
        _("Niveau de preuve"),
        _("Tiers bénéficiaire"),
        _("État de la contribution"),
        _("Montant"),
        _("Ligne de ressource"),
        bold=True,
    )
    effects = cooperation.useful_effects.prefetch_related(
        "blocks", "contributions__beneficiary", "contributions__resource"
    )
    for effect in effects:
        common = [
            effect.name,
            effect.get_effect_type_display(),
            ", ".join(block.name for block in effect.blocks.all()),
            effect.indicator,
            effect.measured_value,
            effect.estimated_annual_value,
            effect.valuation_method,
            effect.valuation_source,
            effect.get_evidence_level_display(),
        ]
        contributions = list(effect.contributions.all())
        for contribution in contributions or [None]:
            third = (
                [
                    contribution.beneficiary.name,
                    contribution.get_status_display(),
                    contribution.amount,
                    contribution.resource.label if contribution.resource else "",
                ]
                if contribution
                else ["", "", None, ""]
            )
            out.row(*common, *third, amounts=(5, 11))
    sheet.column_dimensions["A"].width = 40
    sheet.freeze_panes = "A2"
