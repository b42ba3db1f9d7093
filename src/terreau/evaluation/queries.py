"""Reads of a cooperation's evaluation for its page, the API and later the monographs.

`indicator_series(cooperation)` gives each followed indicator with its values (oldest first),
whether it fits the cooperation's current stage and its chart geometry; `stage_suggestions`
gives the default indicators of the current stage the cooperation does not follow yet.
"""

from dataclasses import dataclass, field

from terreau.core.charts import time_series_chart
from terreau.core.taxonomies import Stage
from terreau.evaluation.defaults import DefaultIndicator, default_indicators, defaults_for
from terreau.evaluation.models import Indicator, IndicatorValue


@dataclass
class IndicatorSeries:
    indicator: Indicator
    fits_stage: bool
    values: list[IndicatorValue] = field(default_factory=list)

    @property
    def latest(self) -> IndicatorValue | None:
        return self.values[-1] if self.values else None

    @property
    def chart(self) -> dict | None:
        return time_series_chart([(value.measured_on, value.value) for value in self.values])


def indicator_series(cooperation) -> list[IndicatorSeries]:
    """The indicators the cooperation follows with their values: those fitting its current stage
    first, then in the order they were chosen. Two queries whatever the number of indicators."""
    indicators = list(cooperation.indicators.prefetch_related("values"))
    series = [
        IndicatorSeries(
            indicator=indicator,
            fits_stage=indicator.fits(cooperation.stage),
            values=list(indicator.values.all()),
        )
        for indicator in indicators
    ]
    return sorted(series, key=lambda item: not item.fits_stage)


def stage_suggestions(cooperation) -> list[DefaultIndicator]:
    """The default indicators of the cooperation's current stage it does not follow yet."""
    followed = set(cooperation.indicators.exclude(key="").values_list("key", flat=True))
    return [item for item in defaults_for(cooperation.stage) if item.key not in followed]


def defaults_by_stage(cooperation) -> list[tuple[Stage, list[DefaultIndicator]]]:
    """For each stage, its default indicators the cooperation does not follow (for choosing
    indicators of another stage, e.g. to prepare the next one)."""
    followed = set(cooperation.indicators.exclude(key="").values_list("key", flat=True))
    return [
        (stage, [item for item in defaults_for(stage) if item.key not in followed])
        for stage in Stage
    ]


def is_default(key: str) -> bool:
    return key in default_indicators()
