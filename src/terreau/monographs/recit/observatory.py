"""The observatory section of a territory's récit: what the observatory of financings publishes
for the territory (`observatory.queries.observe`), under its statistical secrecy — the same for
every reader, since only the cooperations that opted in count and a suppressed cell carries no
amount (docs/observatory.md)."""

from decimal import Decimal

from django.utils.translation import gettext as _

from terreau.economy.indicators import percent
from terreau.economy.taxonomies import FundingMode
from terreau.monographs.content import Missing, Table, Text
from terreau.monographs.recit.view import TerritoryView
from terreau.monographs.sections.reading import euros
from terreau.observatory.queries import default_year, observe, observed, years_of


def observatory(view: TerritoryView) -> list:
    years = years_of(observed(view.territory))
    if not years:
        return [
            Missing(
                _(
                    "Aucune coopération de ce territoire ne partage encore ses données avec "
                    "l'observatoire des financements."
                )
            )
        ]
    year = default_year(years)
    observation = observe(view.territory, year)
    resources = [c for c in observation.cells if c["dimensions"].get("measure") == "resources"]

    def only(*names) -> list[dict]:
        return [c for c in resources if set(c["dimensions"]) == {"measure", "year", *names}]

    def amount(cell) -> str:
        return _("secret") if cell["suppressed"] else euros(Decimal(cell["amount"]))

    parts: list = [
        Text(
            _(
                "%(n)s coopération(s) du territoire partagent leurs données avec l'observatoire "
                "des financements ; année %(year)s. Un montant n'est montré que s'il réunit au "
                "moins trois coopérations et qu'aucune n'en apporte plus de 85 %% (secret "
                "statistique)."
            )
            % {"n": observation.cooperations, "year": year}
        )
    ]
    rows = [[_("Total"), str(c["cooperations"]), amount(c)] for c in only()]
    rows += [
        [str(FundingMode(c["dimensions"]["funding_mode"]).label), str(c["cooperations"]), amount(c)]
        for c in only("funding_mode")
    ]
    if rows:
        parts.append(
            Table(
                _("Ressources de %(year)s par mode de financement") % {"year": year},
                [_("Mode de financement"), _("Coopérations"), _("Montant")],
                rows,
            )
        )
    for item in observation.distributions:
        if item["dimensions"]["indicator"] != "animation_coverage":
            continue
        if item["suppressed"]:
            parts.append(
                Text(
                    _(
                        "Couverture de l'animation : trop peu de coopérations pour en montrer la "
                        "répartition sans dévoiler l'une d'elles."
                    )
                )
            )
        else:
            parts.append(
                Text(
                    _(
                        "Couverture de l'animation : la moitié des coopérations couvrent moins "
                        "de %(median)s du coût de leur fonction d'animation par des ressources "
                        "affectées (premier quartile %(q1)s, troisième %(q3)s)."
                    )
                    % {
                        "median": percent(float(item["median"])),
                        "q1": percent(float(item["first_quartile"])),
                        "q3": percent(float(item["third_quartile"])),
                    }
                )
            )
    return parts
