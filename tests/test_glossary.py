"""docs/glossary.md maps the French terms of the domain sources to where they live in Terreau:
every place it names must exist, every command must be in the CLI reference, and every quote must
come from the sources."""

import re
from pathlib import Path

import pytest

from tests.domain_sources import QUOTE, unquoted_words

ROOT = Path(__file__).parent.parent
GLOSSARY = (ROOT / "docs" / "glossary.md").read_text()
# `src/terreau/x.py` or `src/terreau/x.py:Name` (the file must mention Name).
CODE_PATH = re.compile(r"`(src/terreau/[^`:\s]+)(?::(\w+))?`")
COMMAND = re.compile(r"`(terreau [a-z -]+?)`")


def test_the_glossary_names_places_that_exist():
    places = CODE_PATH.findall(GLOSSARY)
    assert len(places) > 50
    missing = [path for path, _name in places if not (ROOT / path).exists()]
    assert missing == []
    unknown = [
        f"{path}:{name}"
        for path, name in places
        if name and not re.search(rf"\b{name}\b", (ROOT / path).read_text())
    ]
    assert unknown == []


def test_the_glossary_names_commands_that_exist():
    reference = (ROOT / "docs" / "cli.md").read_text()
    commands = set(COMMAND.findall(GLOSSARY))
    assert "terreau offers match" in commands
    assert [c for c in sorted(commands) if f"## `{c}`" not in reference] == []


@pytest.mark.parametrize("quote", QUOTE.findall(GLOSSARY))
def test_the_glossary_quotes_the_sources(quote):
    assert len(unquoted_words(quote)) <= 1, quote
