"""GET /api/v1/evaluation/cooperations/{slug}/indicators: the followed indicators, their values
and the stage suggestions, for those with access to the cooperation's record."""

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from terreau.cooperations.models import Cooperation
from terreau.core.charts import plain_number
from terreau.evaluation.queries import indicator_series, stage_suggestions

router = Router(tags=["evaluation"])


class ValueOut(Schema):
    measured_on: str
    value: str
    source: str
    note: str


class IndicatorOut(Schema):
    key: str
    name: str
    unit: str
    direction: str
    stages: list[str]
    fits_stage: bool
    values: list[ValueOut]


class SuggestionOut(Schema):
    key: str
    name: str
    unit: str
    direction: str


class EvaluationOut(Schema):
    cooperation: str
    stage: str
    indicators: list[IndicatorOut]
    suggestions: list[SuggestionOut]


@router.get("/cooperations/{slug}/indicators", response=EvaluationOut)
def cooperation_indicators(request, slug: str):
    """Amounts and other values are decimal strings ("1250.5"), never floats."""
    cooperation = get_object_or_404(Cooperation.objects.accessible_to(request.auth), slug=slug)
    return {
        "cooperation": cooperation.slug,
        "stage": cooperation.stage,
        "indicators": [
            {
                "key": item.indicator.key,
                "name": item.indicator.label,
                "unit": item.indicator.unit_label,
                "direction": item.indicator.direction,
                "stages": item.indicator.stages.split(),
                "fits_stage": item.fits_stage,
                "values": [
                    {
                        "measured_on": value.measured_on.isoformat(),
                        "value": plain_number(value.value),
                        "source": value.source,
                        "note": value.note,
                    }
                    for value in item.values
                ],
            }
            for item in indicator_series(cooperation)
        ],
        "suggestions": [
            {"key": s.key, "name": s.name, "unit": s.unit, "direction": s.direction}
            for s in stage_suggestions(cooperation)
        ],
    }
