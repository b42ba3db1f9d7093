"""Use cases of the stage-aware evaluation; permission checks happen before (see the views)."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from terreau.cooperations.models import Cooperation
from terreau.core.taxonomies import Stage, keys_text
from terreau.evaluation.defaults import default_indicators
from terreau.evaluation.models import Indicator, IndicatorValue


def indicator_follow_default(*, cooperation, key: str, by=None) -> Indicator:
    """Start following a default indicator (again: following it twice changes nothing). Its
    French texts are stored with it; pages show the reader's language from the data file."""
    default = default_indicators().get(key)
    if default is None:
        raise ValueError(_("Indicateur par défaut inconnu : « %(key)s ».") % {"key": key})
    existing = cooperation.indicators.filter(key=key).first()
    if existing:
        return existing
    with override("fr"):
        indicator = Indicator(
            cooperation=cooperation,
            key=key,
            name=default.name,
            description=default.description,
            unit=default.unit,
            direction=default.direction,
            stages=keys_text(Stage, default.stages),
            created_by=by,
        )
    if cooperation.indicators.filter(name=indicator.name).exists():
        raise ValueError(
            _("La coopération suit déjà un indicateur nommé « %(name)s ».")
            % {"name": indicator.name}
        )
    indicator.full_clean()
    indicator.save()
    return indicator


def indicator_save(*, indicator: Indicator, stages, by=None) -> Indicator:
    """Save one of the cooperation's own indicators (or edit a followed one), with the stages it
    suits (none: every stage)."""
    indicator.stages = keys_text(Stage, stages)
    if indicator.pk is None:
        indicator.created_by = by
    indicator.full_clean()
    indicator.save()
    return indicator


def indicator_remove(*, indicator: Indicator) -> None:
    """Stop following an indicator; its values go with it."""
    indicator.delete()


def indicator_value_save(*, value: IndicatorValue, by=None) -> IndicatorValue:
    """Record a dated value of an indicator with its source (one value per date)."""
    if value.pk is None:
        value.recorded_by = by
    value.full_clean()
    with transaction.atomic():
        value.save()
    return value


def indicator_value_delete(*, value: IndicatorValue) -> None:
    value.delete()


DEMO_FILES = [Path(__file__).parent / "data" / "demo-la-butinerie.json"]


def demo_indicators_load(*, by=None) -> None:
    """The indicators of the demonstration cooperations (`terreau demo load`), for those that
    follow none yet."""
    for path in DEMO_FILES:
        document = json.loads(path.read_text(encoding="utf-8"))
        cooperation = Cooperation.objects.filter(slug=document["cooperation"]).first()
        if cooperation is None or cooperation.indicators.exists():
            continue
        for item in document["indicators"]:
            indicator = indicator_follow_default(cooperation=cooperation, key=item["key"], by=by)
            for value in item["values"]:
                indicator_value_save(
                    value=IndicatorValue(
                        indicator=indicator,
                        measured_on=date.fromisoformat(value["measured_on"]),
                        value=Decimal(value["value"]),
                        source=value["source"],
                        note=value["note"],
                    ),
                    by=by,
                )
