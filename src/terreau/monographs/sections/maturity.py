"""The maturity section of a cooperation's monograph, for readers of the whole
record: the latest closed round that shows results, its radar chart and
table, the topics to discuss and the trajectory (`trajectory_parts`, which the territory's récit
reuses for its territory rounds). Comments stay on the round's page: a monograph
is exported and circulated beyond the members who answered."""

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import gettext as _

from terreau.cooperations.models import Cooperation
from terreau.maturity.queries import Trajectory, cooperation_trajectory, round_radar
from terreau.monographs.content import Bullets, Facts, Figure, Missing, Table
from terreau.monographs.sections.reading import Reader


def _level(value) -> str:
    return "—" if value is None else formats.localize(value, use_l10n=True)


def maturity_parts(cooperation) -> list:
    return trajectory_parts(cooperation_trajectory(cooperation))


def trajectory_parts(trajectory: Trajectory) -> list:
    """The latest round of a trajectory that shows results (`queries.rounds_trajectory`: closed,
    three answers or more), its radar, table and topics to discuss, then the trajectory's
    medians; aggregates only, never a comment. Shared by the cooperation's monograph and the
    territory's récit."""
    shown = [results for results in trajectory.rounds if results.shown]
    if not shown:
        return [Missing(_("Aucun tour de maturité clôturé ne compte au moins trois réponses."))]
    results = shown[-1]
    maturity_round = results.round
    parts: list = [
        Facts(
            [
                (_("Tour"), maturity_round.title),
                (
                    _("Clôturé le"),
                    formats.date_format(maturity_round.ended_on, "SHORT_DATE_FORMAT"),
                ),
                (_("Grille"), f"{maturity_round.grid_title}, {maturity_round.grid_version}"),
                (_("Personnes ayant répondu"), f"{results.respondents} / {results.invited}"),
            ]
        ),
        Figure(
            render_to_string(
                "maturity/includes/radar_svg.html", {"chart": round_radar(results, trajectory)}
            ),
            _(
                "Médiane de chaque dimension, de 1 (à construire) à 4 (ancré) ; en pointillés, le "
                "tour précédent. Les valeurs sont dans le tableau qui suit."
            ),
        ),
        Table(
            _("Résultats par dimension (niveaux de 1 à 4)"),
            [
                _("Dimension"),
                _("Médiane"),
                _("Étendue (min – max)"),
                _("Écart interquartile"),
                _("Écart"),
            ],
            [
                [
                    result.dimension.title,
                    _level(result.median),
                    f"{result.minimum} – {result.maximum}" if result.shown else "—",
                    _level(result.iqr),
                    _("à discuter")
                    if result.wide_spread
                    else ("—" if not result.shown else _("proche")),
                ]
                for result in results.dimensions
            ],
        ),
    ]
    if results.to_discuss:
        parts.append(
            Bullets(
                _("Sujets à discuter"),
                [
                    f"{result.dimension.title} — "
                    + _("réponses du niveau %(low)s au niveau %(high)s")
                    % {"low": result.minimum, "high": result.maximum}
                    for result in results.to_discuss
                ],
            )
        )
    if len(trajectory.rounds) > 1:
        parts.append(
            Table(
                _("Trajectoire : médianes des tours clôturés"),
                [_("Dimension")] + [r.round.title for r in trajectory.rounds],
                [
                    [title] + [_level(m) for m in medians]
                    for _key, title, medians in trajectory.rows
                ],
            )
        )
    return parts


def maturity(cooperation: Cooperation, reader: Reader) -> list:
    if not reader.sees_record:
        return []
    return maturity_parts(cooperation)
