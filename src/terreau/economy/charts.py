"""The family mix of a cooperation's resources over the years, as inline SVG geometry."""

from terreau.core.charts import stacked_columns
from terreau.economy.taxonomies import ResourceFamily


def family_mix_chart(mix: list[dict]) -> dict | None:
    """Stacked columns of the valued resources of each family, one column per year; None when
    there is nothing to draw."""
    if not any(any(year["families"].values()) for year in mix):
        return None
    families = list(ResourceFamily)
    chart = stacked_columns(
        [(str(year["year"]), [year["families"][f.value] for f in families]) for year in mix]
    )
    for column in chart["columns"]:
        for segment in column["segments"]:
            segment["family"] = families[segment["index"]]
    chart["families"] = families
    chart["years"] = mix
    return chart
