"""English is complete and stays complete.

The French msgids live in the code and templates; their English translations live in
`src/terreau/locale/en/LC_MESSAGES/django.po`. These tests extract the strings afresh, in a copy of
the package so that the real catalogue is never touched, and fail naming every string that has no
English translation yet. To fix such a failure:

    cd src/terreau && ../../.venv/bin/terreau manage makemessages -l en --no-obsolete

then translate the new entries in the .po file (and remove any "#, fuzzy" flag), and compile them
with `make assets`.
"""

import hashlib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

PACKAGE_DIR = Path(settings.LOCALE_PATHS[0]).parent
CATALOGUE = PACKAGE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@dataclass
class Entry:
    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstrs: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def label(self) -> str:
        return self.msgid if self.msgctxt is None else f"{self.msgid} [{self.msgctxt}]"


def _unquote(text: str) -> str:
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), text.strip()[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file (header and obsolete `#~` entries left out)."""
    entries: list[Entry] = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        fields: dict[str, str] = {}
        flags: set[str] = set()
        current = None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#") or not line.strip():
                continue
            elif line.startswith('"') and current:
                fields[current] += _unquote(line)
            else:
                current, _space, value = line.partition(" ")
                fields[current] = _unquote(value)
        if "msgid" not in fields or fields["msgid"] == "":
            continue
        plural_forms = sorted(k for k in fields if k.startswith("msgstr["))
        entries.append(
            Entry(
                msgid=fields["msgid"],
                msgctxt=fields.get("msgctxt"),
                msgid_plural=fields.get("msgid_plural"),
                msgstrs=[fields[k] for k in plural_forms] or [fields.get("msgstr", "")],
                flags=flags,
            )
        )
    return entries


def require_gettext() -> None:
    if all(shutil.which(tool) for tool in ("xgettext", "msgmerge", "msguniq", "msgfmt")):
        return
    message = "gettext is missing: sudo apt-get install gettext"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def fresh_catalogue(tmp_path_factory) -> Path:
    """The English catalogue as `makemessages` makes it today from the current code and templates,
    merged with the committed translations, built in a copy of the package."""
    require_gettext()
    root = tmp_path_factory.mktemp("translations")
    package = root / "src" / "terreau"
    shutil.copytree(
        PACKAGE_DIR,
        package,
        ignore=shutil.ignore_patterns("*.mo", "*.pot", "__pycache__", "vendor", "node_modules"),
    )
    # Settings that write into the copy: the real LOCALE_PATHS points at the real catalogue.
    settings_dir = root / "settings"
    settings_dir.mkdir()
    (settings_dir / "translation_settings.py").write_text(
        "from terreau.config.settings import *  # noqa: F403\n\n"
        f"LOCALE_PATHS = [{str(package / 'locale')!r}]\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "translation_settings",
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(settings_dir), os.environ.get("PYTHONPATH")])
        ),
        "TERREAU_DATA_DIR": str(root / "var"),
    }
    before = _digest(CATALOGUE)
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-obsolete"],
        cwd=package,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert _digest(CATALOGUE) == before, "makemessages must not touch the real catalogue"
    return package / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _listing(labels) -> str:
    return "\n".join(f"  - {label!r}" for label in sorted(labels)) or "  (none)"


def test_the_committed_catalogue_lists_every_translatable_string(fresh_catalogue):
    fresh = {e.key: e for e in parse_po(fresh_catalogue)}
    committed = {e.key: e for e in parse_po(CATALOGUE)}
    new = [fresh[key].label for key in fresh.keys() - committed.keys()]
    stale = [committed[key].label for key in committed.keys() - fresh.keys()]
    assert not new and not stale, (
        f"{CATALOGUE} is out of date; run makemessages -l en --no-obsolete in src/terreau and "
        f"translate.\nStrings not in the catalogue yet:\n{_listing(new)}\n"
        f"Strings no longer in the code:\n{_listing(stale)}"
    )


def test_every_string_has_an_english_translation(fresh_catalogue):
    entries = parse_po(fresh_catalogue)
    assert entries, "makemessages found no translatable string"
    untranslated = [e.label for e in entries if not all(s.strip() for s in e.msgstrs)]
    assert not untranslated, f"Strings with no English translation:\n{_listing(untranslated)}"
    fuzzy = [e.label for e in entries if "fuzzy" in e.flags]
    assert not fuzzy, f"Fuzzy (unchecked) English translations:\n{_listing(fuzzy)}"


def test_the_committed_catalogue_is_complete_valid_and_keeps_placeholders():
    require_gettext()
    entries = parse_po(CATALOGUE)
    untranslated = [e.label for e in entries if not all(s.strip() for s in e.msgstrs)]
    assert not untranslated, f"Strings with no English translation:\n{_listing(untranslated)}"
    fuzzy = [e.label for e in entries if "fuzzy" in e.flags]
    assert not fuzzy, f"Fuzzy (unchecked) English translations:\n{_listing(fuzzy)}"
    broken = [
        e.label
        for e in entries
        for msgstr in e.msgstrs
        if set(PLACEHOLDER.findall(msgstr))
        != set(PLACEHOLDER.findall(e.msgid + (e.msgid_plural or "")))
    ]
    assert not broken, f"Translations that lose or add a placeholder:\n{_listing(broken)}"
    result = subprocess.run(
        ["msgfmt", "--check", "-o", os.devnull, str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_a_page_reads_in_english_after_switching_language(client):
    mo = CATALOGUE.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_mtime >= CATALOGUE.stat().st_mtime, (
        "the English catalogue is not compiled or is stale: run `make assets`"
    )
    url = "/territoires/epci:246200844/"
    assert "Territoires englobants" in client.get(url).text
    client.post("/i18n/setlang/", {"language": "en", "next": url})
    page = client.get(url).text
    assert '<html lang="en">' in page
    for english in ("Number of communes", "Parent territories", "Member communes", "Département"):
        assert english in page
    assert "Nombre de communes" not in page and "Territoires englobants" not in page
