"""The default indicators of each stage, read from data/indicators.json (French and English).

A network adapts the defaults by editing that file; its format is in docs/data-formats.md and a
test checks every indicator has both languages and known stages.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

from terreau.core.taxonomies import Stage

DATA_FILE = Path(__file__).parent / "data" / "indicators.json"
LANGUAGES = ("fr", "en")


@dataclass(frozen=True)
class DefaultIndicator:
    key: str
    stages: tuple[Stage, ...]
    direction: str  # a models.Direction key
    texts: dict  # {"fr": {"name", "unit", "description"}, "en": {…}}
    source: str

    def text(self, field: str, language: str | None = None) -> str:
        language = (language or get_language() or "fr")[:2]
        return self.texts.get(language, self.texts["fr"])[field]

    @property
    def name(self) -> str:
        return self.text("name")

    @property
    def unit(self) -> str:
        return self.text("unit")

    @property
    def description(self) -> str:
        return self.text("description")


@cache
def default_indicators() -> dict[str, DefaultIndicator]:
    """Every default indicator by key, in the file's order."""
    document = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return {
        item["key"]: DefaultIndicator(
            key=item["key"],
            stages=tuple(Stage(stage) for stage in item["stages"]),
            direction=item["direction"],
            texts={language: item[language] for language in LANGUAGES},
            source=item["source"],
        )
        for item in document["indicators"]
    }


def defaults_for(stage: str) -> list[DefaultIndicator]:
    return [item for item in default_indicators().values() if stage in item.stages]
