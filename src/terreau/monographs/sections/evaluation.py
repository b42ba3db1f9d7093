"""The indicators of the stage section, read from `terreau.evaluation`."""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from terreau.cooperations.models import (
    Cooperation,
)
from terreau.monographs.content import (
    Facts,
    Figure,
    Missing,
    Table,
)
from terreau.monographs.sections.reading import Reader, day


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
