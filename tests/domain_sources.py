"""The five domain sources (French, outside the repository: `shared/domain/sources/NNN_*.txt`),
read for the tests that keep the glossary and the demo faithful to them. Tests that need them skip
when they are absent; `TERREAU_DOMAIN_SOURCES` points to another copy."""

import os
import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest

SOURCES_DIR = Path(os.environ.get("TERREAU_DOMAIN_SOURCES", "/work/shared/domain/sources"))
QUOTE = re.compile(r"«\s*(.*?)\s*»", re.DOTALL)


def folded(text: str) -> str:
    """Lower case, without accents, typographic apostrophes made plain."""
    text = unicodedata.normalize("NFD", text.lower().replace("’", "'"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


@cache
def source_words(section: str | None = None) -> frozenset[str]:
    """The words of one source (`"002"`) or of all of them, folded."""
    paths = sorted(SOURCES_DIR.glob(f"{section or ''}*.txt"))
    if not paths:
        pytest.skip(f"domain sources not found in {SOURCES_DIR}")
    return frozenset(re.findall(r"[a-z]+", folded(" ".join(p.read_text() for p in paths))))


def unquoted_words(quote: str, section: str | None = None) -> list[str]:
    """The words of five letters or more of a quote that its source does not hold. Editorial
    insertions in [brackets] are left out. §002 is an automatic transcript: a quote may fix the
    spelling of one word, so callers allow one."""
    words = re.findall(r"[a-z]+", folded(re.sub(r"\[.*?\]", "", quote)))
    return [w for w in words if len(w) >= 5 and w not in source_words(section)]
