"""`terreau backup create` and `terreau backup restore`: a copy restored into a fresh place (a new
data directory; on PostgreSQL, a new database on the same server) gives back every export and
every file byte for byte, read by the `terreau` command run on that copy; a restore never
overwrites a database or files already there unless told to.

The data is committed (transactional tests) because pg_dump reads the database from another
session; the flush after such a test removes the reference geography, loaded again when needed."""

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from psycopg import sql

from terreau.cli import main
from terreau.config.data_dir import prepare
from terreau.cooperations.models import JournalEntry
from terreau.cooperations.services import journal_attachment_add
from terreau.maturity.services import round_close
from terreau.monographs.services import monograph_section_save
from terreau.territories.models import Commune
from tests.conftest import load_reference_geography
from tests.cooperations.factories import make_actor
from tests.core.backups import EXPORTS, write_exports
from tests.maturity.factories import answer_by_link, make_round
from tests.monographs.factories import make_ecopole

ROOT = Path(__file__).resolve().parents[2]
STORIES = ROOT / "tests" / "fixtures" / "stories"
# What points the `terreau` command at a database and a data directory.
PLACE = ("DATABASE_URL", "TERREAU_DATA_DIR", "TERREAU_ATTACHMENTS_DIR", "SECRET_KEY")


@pytest.fixture
def original(transactional_db, settings, monkeypatch, tmp_path):
    """The installation backed up: the test database, files in a data directory of its own."""
    folder = tmp_path / "original"
    monkeypatch.setenv("TERREAU_DATA_DIR", str(folder))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    settings.TERREAU_ATTACHMENTS_DIR = folder / "attachments"
    settings.MEDIA_ROOT = folder / "media"
    prepare()
    return folder


@pytest.fixture
def geography(transactional_db):
    if not Commune.objects.exists():
        load_reference_geography()


@pytest.fixture
def fresh_place(tmp_path):
    """The environment of a `terreau` command working on an empty data directory and, on
    PostgreSQL, an empty database created for the test on the same server."""
    env = {key: value for key, value in os.environ.items() if key not in PLACE}
    env["TERREAU_DATA_DIR"] = str(tmp_path / "restored")
    if connection.vendor != "postgresql":
        yield env
        return
    name = f"terreau_restore_{uuid.uuid4().hex[:12]}"
    env["DATABASE_URL"] = urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()
    db = connection.settings_dict
    server = {key.lower(): db[key] for key in ("HOST", "PORT", "USER", "PASSWORD") if db[key]}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield env
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def terreau(env: dict, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "terreau.cli", *argv],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def files_under(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (STORIES / name).read_bytes())


def backed_up(tmp_path: Path) -> Path:
    archive = tmp_path / "sauvegarde.tar.gz"
    assert main(["backup", "create", "-o", str(archive)]) == 0
    return archive


def test_a_restored_copy_gives_back_every_export_and_file(
    geography, original, fresh_place, alice, tmp_path
):
    cooperation = make_ecopole(alice)
    friction = JournalEntry.objects.get(cooperation=cooperation, kind="friction")
    journal_attachment_add(entry=friction, upload=upload("atelier.png"), by=alice)
    journal_attachment_add(entry=friction, upload=upload("compte-rendu.pdf"), by=alice)
    first = make_round(cooperation, alice, title="2025")
    for name, level in [("Awa", 1), ("Bruno", 3), ("Chloé", 3), ("Denis", 4)]:
        answer_by_link(first, name, {"small_victories": (level, f"L'avis de {name}")})
    round_close(maturity_round=first)
    make_round(cooperation, alice, title="2026")
    monograph_section_save(
        cooperation=cooperation,
        key="frictions",
        narrative="La médiation de 2023 a tenu parce que chacun y a gagné.",
        version=0,
        by=alice,
    )
    upload_kept = original / "media" / "imports" / "acteurs.csv"
    upload_kept.parent.mkdir(parents=True)
    upload_kept.write_bytes("nom;commune\nLégumerie solidaire;62057\n".encode())
    write_exports(tmp_path / "exports-original")

    archive = backed_up(tmp_path)
    # It holds personal data and the secret key: for its owner's eyes only.
    assert archive.stat().st_mode & 0o777 == 0o600
    restored = terreau(fresh_place, "backup", "restore", str(archive))

    assert restored.returncode == 0, restored.stderr
    assert "Every model has the rows the manifest lists." in restored.stdout
    exports = subprocess.run(
        [sys.executable, "-m", "tests.core.backups", str(tmp_path / "exports-restored")],
        env=fresh_place,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert exports.returncode == 0, exports.stderr
    before, after = (
        files_under(tmp_path / "exports-original"),
        files_under(tmp_path / "exports-restored"),
    )
    assert sorted(before) == sorted(EXPORTS)
    for name in EXPORTS:
        assert after[name] == before[name], f"{name} differs once restored"
    assert "Légumerie solidaire" in before["actors.csv"].decode("utf-8-sig")
    assert "La médiation de 2023 a tenu" in before["monograph.html"].decode()
    restored_dir = Path(fresh_place["TERREAU_DATA_DIR"])
    attachments = files_under(original / "attachments")
    assert len(attachments) == 2
    assert files_under(restored_dir / "attachments") == attachments
    assert files_under(restored_dir / "media") == files_under(original / "media")
    assert (restored_dir / "secret_key").read_bytes() == (original / "secret_key").read_bytes()


def test_restore_refuses_a_target_that_is_not_empty_unless_forced(
    original, fresh_place, alice, tmp_path
):
    make_actor("Légumerie solidaire")
    archive = backed_up(tmp_path)
    assert terreau(fresh_place, "backup", "restore", str(archive)).returncode == 0
    note = Path(fresh_place["TERREAU_DATA_DIR"]) / "attachments" / "note.txt"
    note.parent.mkdir(parents=True, exist_ok=True)
    note.write_text("écrit après la restauration")

    again = terreau(fresh_place, "backup", "restore", str(archive))

    assert again.returncode == 1
    assert again.stderr.startswith("terreau: the restore target is not empty: the database (")
    assert f"{note.parent} holds 1 files (attachments)" in again.stderr
    assert again.stderr.endswith("or add --force to replace their contents\n")
    assert note.exists()

    forced = terreau(fresh_place, "backup", "restore", "--force", str(archive))

    assert forced.returncode == 0, forced.stderr
    assert "Every model has the rows the manifest lists." in forced.stdout
    assert not note.exists()


def archive_of(path: Path, members: dict[str, bytes], *, engine: str, altered: str = "") -> Path:
    """A hand-made archive holding `members`, whose manifest says `engine` and, for the member
    named `altered`, a SHA-256 its content does not have."""
    files = {}
    for name, content in members.items():
        digest = "0" * 64 if name == altered else hashlib.sha256(content).hexdigest()
        files[name] = {"size": len(content), "sha256": digest}
    manifest = {
        "format": "terreau-backup",
        "format_version": 1,
        "terreau_version": "0.1.0",
        "created_at": "2026-01-05T02:30:00+00:00",
        "database": {"engine": engine, "file": DATABASES[engine]},
        "counts": {},
        "files": files,
    }
    with tarfile.open(path, "w:gz") as tar:
        for name, content in {"manifest.json": json.dumps(manifest).encode(), **members}.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return path


DATABASES = {"sqlite": "database/terreau.sqlite3", "postgresql": "database/terreau.pgdump"}


def test_an_archive_of_the_other_engine_or_altered_is_refused_before_anything_is_written(
    fresh_place, tmp_path
):
    engine = connection.vendor
    other = "sqlite" if engine == "postgresql" else "postgresql"
    photo = (STORIES / "atelier.png").read_bytes()
    members = {"attachments/journal/1/photo.png": photo, DATABASES[engine]: b"une base"}
    moved = archive_of(tmp_path / "moved.tar.gz", members, engine=other)
    altered = archive_of(
        tmp_path / "altered.tar.gz", members, engine=engine, altered=DATABASES[engine]
    )

    refused = terreau(fresh_place, "backup", "restore", str(moved))

    assert refused.returncode == 2
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    assert refused.stderr == (
        f"terreau: {moved} holds a {names[other]} database and the configured database is "
        f"{names[engine]}: restore it on {names[other]} (DATABASE_URL), backups do not move "
        "data between engines\n"
    )

    refused = terreau(fresh_place, "backup", "restore", str(altered))

    assert refused.returncode == 2
    assert refused.stderr == (
        f"terreau: {altered}: {DATABASES[engine]} differs from the manifest\n"
    )
    restored_dir = Path(fresh_place["TERREAU_DATA_DIR"])
    assert not (restored_dir / "attachments").exists()
    assert not (restored_dir / "terreau.sqlite3").exists()
