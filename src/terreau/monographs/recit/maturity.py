"""The maturity section of a territory's récit: the territory's closed maturity rounds as the
maturity app reads them (`maturity.queries.rounds_trajectory` over the rounds the reader may see,
`maturity.territory_access.territory_rounds_visible_to`) — aggregates only, under the rule of
three, never an individual answer nor a comment (the récit is exported and circulated).

Who sees which round is the maturity app's rule: the public version (an anonymous reader) reads
the published rounds only; a member's version adds the rounds the reader administers or was
invited to, each named « non publié »; the command line reads them all."""

from django.utils import formats
from django.utils.translation import gettext as _

from terreau.maturity.queries import MIN_RESPONDENTS, rounds_trajectory
from terreau.maturity.territory_access import territory_rounds_visible_to
from terreau.monographs.content import Missing, Table
from terreau.monographs.recit.view import TerritoryView
from terreau.monographs.sections.maturity import trajectory_parts


def maturity(view: TerritoryView) -> list:
    visible = territory_rounds_visible_to(view.user).filter(territory_ref=view.territory.ref)
    trajectory = rounds_trajectory(list(visible))
    if not trajectory.rounds:
        if view.is_public_version:
            text = _("Aucun tour de maturité du territoire n'est clôturé et publié.")
        else:
            text = _("Aucun tour de maturité du territoire que vous pouvez voir n'est clôturé.")
        return [Missing(text)]
    rows = [
        [
            results.round.title,
            formats.date_format(results.round.ended_on, "SHORT_DATE_FORMAT"),
            f"{results.respondents} / {results.invited}",
            _("publiés") if results.round.is_published else _("non publiés"),
            _("montrés")
            if results.shown
            else _("moins de %(n)s réponses : non montrés") % {"n": MIN_RESPONDENTS},
        ]
        for results in trajectory.rounds
    ]
    rounds = Table(
        _("Tours de maturité du territoire clôturés"),
        [_("Tour"), _("Clôturé le"), _("Réponses"), _("Résultats"), _("Agrégats")],
        rows,
    )
    return [rounds, *trajectory_parts(trajectory)]
