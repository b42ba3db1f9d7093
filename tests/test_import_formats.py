"""Import formats are declared once (`actors/formats.py`, `offers/formats.py`): the command line,
the web form, the import and docs/data-formats.md all follow the declaration, so a format added
there reaches every one of them, and one that is not documented fails here."""

import argparse
import re
from pathlib import Path

import pytest

from terreau.actors import formats as actor_formats
from terreau.actors.import_views import FIELD_LABELS, ImportForm
from terreau.actors.models import Source
from terreau.cli import build_parser
from terreau.offers import formats as offer_formats
from terreau.offers.models import OfferSource

DATA_FORMATS = Path(__file__).parent.parent / "docs" / "data-formats.md"
ACTOR_KEYS = list(actor_formats.FORMATS)
OFFER_KEYS = list(offer_formats.FORMATS)


def format_choices(*command: str) -> list[str]:
    parser = build_parser()
    for name in command:
        subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = subparsers.choices[name]
    return next(a for a in parser._actions if a.dest == "file_format").choices


def documented_section(command: str) -> str:
    """The section of docs/data-formats.md whose title is `terreau <command> FILE --format …`,
    down to the next section of the same level."""
    text = DATA_FORMATS.read_text(encoding="utf-8")
    start = text.index(f"`terreau {command} FILE --format ")
    end = text.find("\n## ", start)
    return text[start:end]


def test_the_actor_command_line_and_web_form_offer_the_declared_formats():
    assert format_choices("actors", "import") == ACTOR_KEYS
    form = ImportForm(user=None)
    assert [(key, str(label)) for key, label in form.fields["file_format"].choices] == [
        (f.key, str(f.label)) for f in actor_formats.FORMATS.values()
    ]


@pytest.mark.parametrize("key", ACTOR_KEYS)
def test_each_actor_format_names_a_source_and_previews_labelled_fields(key):
    importer = actor_formats.FORMATS[key]
    assert importer.source in Source.values
    assert importer.header_hint()
    fields = importer.fields_of(["nom", "siret", "titre", "codeCommuneEtablissement"])
    assert fields and set(fields.values()) <= set(FIELD_LABELS)


def test_the_default_visibility_is_the_one_the_web_form_and_docs_state():
    # The web form's "Selon le format : publics pour SIRENE et RNA, privés pour un tableur" and
    # docs/data-formats.md's Visibility say it in words: change them with the declaration.
    public = [f.key for f in actor_formats.FORMATS.values() if f.public_by_default]
    assert public == ["sirene", "rna"]
    assert actor_formats.public_by_default("sirene") and not actor_formats.public_by_default("csv")


def test_the_offer_command_line_offers_the_declared_formats():
    assert format_choices("offers", "import") == OFFER_KEYS
    for importer in offer_formats.FORMATS.values():
        assert importer.source in OfferSource.values
        assert importer.location in ("line", "offer")


@pytest.mark.parametrize(
    ("command", "keys"), [("actors import", ACTOR_KEYS), ("offers import", OFFER_KEYS)]
)
def test_every_import_format_is_documented(command, keys):
    section = documented_section(command)
    title = section.splitlines()[0]
    assert f"--format {{{','.join(keys)}}}" in title, (
        f"docs/data-formats.md: the title of `terreau {command}` should list --format "
        f"{{{','.join(keys)}}}"
    )
    for key in keys:
        assert re.search(rf"`{re.escape(key)}`", section), (
            f"docs/data-formats.md: document the {key} format of `terreau {command}`"
        )
