"""The observatory in the JSON API, public like its page: only the cells that pass statistical
secrecy carry an amount."""

from ninja import Field, Query, Router, Schema

from terreau.economy.queries import FIRST_YEAR, LAST_YEAR
from terreau.observatory.export import document
from terreau.observatory.queries import observe
from terreau.territories.refs import territory_or_api_404

router = Router(tags=["observatory"])


class ObservatoryQuery(Schema):
    territory: str | None = Field(None, description="a territory reference (commune:35238…)")
    year: int | None = Field(None, ge=FIRST_YEAR, le=LAST_YEAR, description="one year")


class CellOut(Schema):
    dimensions: dict
    label: str
    cooperations: int
    suppressed: bool
    amount: str | None = Field(None, description="euros; absent when suppressed")


class DistributionOut(Schema):
    dimensions: dict
    cooperations: int
    suppressed: bool
    first_quartile: str | None = None
    median: str | None = None
    third_quartile: str | None = None


class ObservatoryOut(Schema):
    # Absent (not null) for all of France and for every year: the answer leaves out empty values.
    territory: str | None = Field(None, description="the territory's reference; absent: France")
    year: int | None = Field(None, description="the year asked; absent: every year")
    years: list[int]
    cooperations: int
    rules: dict
    cells: list[CellOut]
    distributions: list[DistributionOut]


@router.get(
    "",
    response=ObservatoryOut,
    summary="The observatory of financings: aggregates under statistical secrecy",
    exclude_none=True,
)
def observatory(request, query: Query[ObservatoryQuery]):
    territory = (
        territory_or_api_404(query.territory, user=request.auth) if query.territory else None
    )
    return document(observe(territory, query.year), territory=territory, year=query.year)
