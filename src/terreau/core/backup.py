"""Backup and restore of a whole installation as one archive (`terreau backup`, docs/deployment.md).

The archive is a tar.gz holding, in this order:
- `manifest.json`: the archive format, Terreau's version, the date, the database engine, the rows
  of every model (counted in the same snapshot as the copy of the database) and every file with
  its size and SHA-256;
- `database/terreau.sqlite3` (SQLite's online backup API, so the site may keep running) or
  `database/terreau.pgdump` (`pg_dump --format=custom`, in the snapshot the rows were counted in);
- `attachments/…` (`TERREAU_ATTACHMENTS_DIR`), `media/…` (`MEDIA_ROOT`: uploaded import files);
- `secret_key`, the key file of the data directory, when there is one.

A restore goes into the configured database and directories only when they are empty (or with
`force`, which replaces what they hold), on the same engine: a SQLite copy does not go into
PostgreSQL nor the reverse (their formats differ; moving between engines is not this command's
job). Everything is read and checked before anything is written; the rows restored are then
counted against the manifest.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction

from terreau.config.data_dir import data_dir

FORMAT = "terreau-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SECRET_KEY = "secret_key"
DATABASE_FILES = {"sqlite": "database/terreau.sqlite3", "postgresql": "database/terreau.pgdump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
CHUNK = 1024 * 1024
# Connection settings of Django's PostgreSQL backend given to pg_dump and pg_restore as libpq's
# environment variables, so that a password never shows in the process list.
LIBPQ_ENV = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD"}
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "options": "PGOPTIONS",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


class BackupError(Exception):
    """What stops a backup or a restore, said to the operator; nothing was written."""


class ArchiveError(BackupError):
    """The archive cannot be restored here: unreadable, not a Terreau backup, altered, or made
    on the other database engine."""


@dataclass
class RestoreReport:
    manifest: dict
    target: str
    files: int
    secret_key: bool
    # (model, rows in the manifest, rows restored) for each model whose count differs.
    differences: list[tuple[str, int, int | None]] = field(default_factory=list)
    pending_migrations: int = 0

    @property
    def rows(self) -> int:
        return sum(self.manifest["counts"].values())


def engine() -> str:
    """The configured database's engine: "sqlite" or "postgresql"."""
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {connection.vendor}")
    return connection.vendor


def file_roots() -> dict[str, Path]:
    """The directories kept in a backup, by their folder in the archive."""
    return {
        "attachments": Path(settings.TERREAU_ATTACHMENTS_DIR),
        "media": Path(settings.MEDIA_ROOT),
    }


def secret_key_file() -> Path:
    return data_dir() / SECRET_KEY


def terreau_version() -> str:
    try:
        return metadata.version("terreau")
    except metadata.PackageNotFoundError:
        return "unknown"


# Creating


def backup_create(*, output: Path) -> dict:
    """Write the backup archive to `output` (through a temporary file next to it, so a failed
    backup never leaves a partial archive under that name, readable by its owner only); its
    manifest."""
    kind = engine()
    output = Path(output).resolve()
    if not output.parent.is_dir():
        raise BackupError(f"{output.parent} is not a directory")
    for root in file_roots().values():
        if output.parent.is_relative_to(root.resolve()):
            raise BackupError(f"write the backup outside {root}, a directory it saves")
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".terreau-backup-") as work:
        database = Path(work) / PurePosixPath(DATABASE_FILES[kind]).name
        counts = sqlite_copy(database) if kind == "sqlite" else postgresql_dump(database)
        members = [(DATABASE_FILES[kind], database)]
        for folder, root in file_roots().items():
            members += [
                (f"{folder}/{path.relative_to(root).as_posix()}", path) for path in tree(root)
            ]
        if secret_key_file().is_file():
            members.append((SECRET_KEY, secret_key_file()))
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "terreau_version": terreau_version(),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": {"engine": kind, "file": DATABASE_FILES[kind]},
            "counts": counts,
            "files": {name: described(path) for name, path in members},
        }
        partial = Path(work) / "archive.tar.gz"
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file, tarfile.open(fileobj=file, mode="w:gz") as tar:
            content = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(content), int(datetime.now().timestamp()), 0o600
            tar.addfile(info, io.BytesIO(content))
            for name, path in members:
                tar.add(path, arcname=name, recursive=False)
        partial.replace(output)
    return manifest


def tree(root: Path) -> list[Path]:
    """The regular files under `root`, in a stable order (none when it does not exist)."""
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def described(path: Path) -> dict:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return {"size": path.stat().st_size, "sha256": digest.hexdigest()}


def counted_tables() -> dict[str, str]:
    """The table of every model (Django's own and the many-to-many ones included), by model."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        options = model._meta
        if options.managed and not options.proxy and options.db_table not in tables.values():
            tables[options.label_lower] = options.db_table
    return dict(sorted(tables.items()))


def count_rows(cursor, tables: dict[str, str], present: set[str] | None = None) -> dict:
    """Rows per model through a DB-API cursor; None for a table missing from `present`."""
    counts = {}
    for label, table in tables.items():
        if present is not None and table not in present:
            counts[label] = None
            continue
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[label] = cursor.fetchone()[0]
    return counts


def sqlite_copy(target: Path) -> dict:
    """Copy the database with SQLite's online backup API (writers may go on: the copy is the
    state when it started) and count the rows of the copy, so that counts and copy agree."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        # One self-contained file, whatever journal the live database uses.
        copy.execute("PRAGMA journal_mode=DELETE")
        return count_rows(copy.cursor(), counted_tables())
    finally:
        copy.close()


def postgresql_dump(target: Path) -> dict:
    """`pg_dump --format=custom` of the configured database, in the snapshot the rows are counted
    in (a repeatable-read transaction exports it; pg_dump imports it)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = count_rows(cursor, counted_tables())
        run_client(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"])
    return counts


def run_client(command: list[str]) -> None:
    """Run pg_dump or pg_restore on the configured database; a BackupError with its message."""
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is missing: install PostgreSQL's client programs, of the server's "
            "major version or later (Debian: sudo apt-get install postgresql-client)"
        )
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    env.update({variable: str(db[key]) for key, variable in LIBPQ_ENV.items() if db.get(key)})
    options = db.get("OPTIONS") or {}
    env.update(
        {variable: str(options[key]) for key, variable in LIBPQ_OPTIONS.items() if key in options}
    )
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


# Restoring


def manifest_of(archive: Path) -> dict:
    """The manifest of a backup archive, checked to be one this Terreau restores."""
    try:
        with tarfile.open(archive, "r|gz") as tar:
            first = tar.next()
            if first is None or first.name != MANIFEST or not first.isfile():
                raise ArchiveError(f"{archive} is not a Terreau backup (no {MANIFEST} first)")
            manifest = json.loads(tar.extractfile(first).read())
    except (OSError, tarfile.TarError, EOFError, ValueError) as error:
        if isinstance(error, ArchiveError):
            raise
        raise ArchiveError(f"{archive} cannot be read as a Terreau backup: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError(f"{archive} is not a Terreau backup (its {MANIFEST} says otherwise)")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ArchiveError(
            f"{archive} is a backup of format {manifest.get('format_version')}; this Terreau "
            f"({terreau_version()}) restores format {FORMAT_VERSION}"
        )
    return manifest


def occupied() -> list[str]:
    """What the restore would overwrite: a database with tables, directories with files."""
    found = []
    tables = database_tables()
    if tables:
        found.append(f"the database ({target_name()}) has {len(tables)} tables")
    for folder, root in file_roots().items():
        if files := tree(root):
            found.append(f"{root} holds {len(files)} files ({folder})")
    return found


def target_name() -> str:
    db = connection.settings_dict
    if engine() == "sqlite":
        return f"SQLite {db['NAME']}"
    return f"PostgreSQL database {db['NAME']}"


def database_tables() -> list[str]:
    if engine() == "sqlite":
        # Opening the file through Django would create it: look only when it exists.
        path = Path(connection.settings_dict["NAME"])
        if not path.exists():
            return []
        with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as db:
            rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        return [name for (name,) in rows if not name.startswith("sqlite_")]
    return connection.introspection.table_names(include_views=True)


def backup_restore(*, archive: Path, force: bool = False) -> RestoreReport:
    """Restore `archive` into the configured database, attachments and media directories and the
    data directory's key file. Refused (a BackupError, nothing written) when the archive was made
    on the other engine, and, unless `force`, when the database or the directories hold
    anything; with `force`, their contents are replaced."""
    archive = Path(archive)
    manifest = manifest_of(archive)
    kind = engine()
    made_on = manifest["database"]["engine"]
    if made_on != kind:
        raise ArchiveError(
            f"{archive} holds a {ENGINE_NAMES.get(made_on, made_on)} database and the configured "
            f"database is {ENGINE_NAMES[kind]}: restore it on {ENGINE_NAMES.get(made_on, made_on)} "
            "(DATABASE_URL), backups do not move data between engines"
        )
    if (found := occupied()) and not force:
        raise BackupError(
            "the restore target is not empty: "
            + "; ".join(found)
            + ". Restore into an empty database and data directory, or add --force to replace "
            "their contents"
        )
    data_dir().mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=data_dir(), prefix=".terreau-restore-") as work:
        staged = extracted(archive, manifest, Path(work))
        database = staged.pop(manifest["database"]["file"])
        if kind == "sqlite":
            sqlite_restore(database)
        else:
            postgresql_restore(database, replace=force)
        key = staged.pop(SECRET_KEY, None)
        roots = file_roots()
        if force:
            for root in roots.values():
                empty_directory(root)
        for name, path in staged.items():
            folder, _slash, relative = name.partition("/")
            destination = roots[folder] / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, destination)
        if key is not None:
            descriptor = os.open(secret_key_file(), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as file:
                file.write(key.read_bytes())
            secret_key_file().chmod(0o600)
    return checked(manifest, files=len(staged), secret_key=key is not None)


def extracted(archive: Path, manifest: dict, work: Path) -> dict[str, Path]:
    """Every file of the archive written under `work`, checked against the manifest (same names,
    sizes and SHA-256); member names that would land elsewhere are refused."""
    expected = manifest.get("files") or {}
    allowed = {manifest["database"]["file"], SECRET_KEY}
    staged: dict[str, Path] = {}
    try:
        with tarfile.open(archive, "r|gz") as tar:
            for member in tar:
                if member.name == MANIFEST:
                    continue
                path = PurePosixPath(member.name)
                inside = path.parts and path.parts[0] in file_roots() and len(path.parts) > 1
                if (
                    not member.isfile()
                    or path.is_absolute()
                    or ".." in path.parts
                    or not (member.name in allowed or inside)
                    or member.name not in expected
                ):
                    raise ArchiveError(f"{archive}: unexpected member {member.name}")
                target = work / f"{len(staged)}"
                digest = hashlib.sha256()
                with tar.extractfile(member) as source, target.open("wb") as copy:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        copy.write(chunk)
                if {"size": member.size, "sha256": digest.hexdigest()} != expected[member.name]:
                    raise ArchiveError(f"{archive}: {member.name} differs from the manifest")
                staged[member.name] = target
    except (OSError, tarfile.TarError, EOFError) as error:
        raise ArchiveError(f"{archive} cannot be read to the end: {error}") from error
    if missing := sorted(set(expected) - set(staged)):
        raise ArchiveError(f"{archive} lacks files its manifest lists: {', '.join(missing[:5])}")
    return staged


def sqlite_restore(copy: Path) -> None:
    """Write the copy into the configured SQLite file with the backup API, which also replaces
    a database in WAL mode cleanly (a renamed file would leave its old WAL behind)."""
    connection.close()
    source = sqlite3.connect(copy)
    target = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def postgresql_restore(dump: Path, *, replace: bool) -> None:
    """pg_restore in one transaction (all or nothing); with `replace`, the tables there are
    dropped first. Ownership and grants are left to the restoring role."""
    if replace:
        with transaction.atomic(), connection.cursor() as cursor:
            views = connection.introspection.table_names(include_views=True)
            tables = set(connection.introspection.table_names())
            for name in views:
                kind = "TABLE" if name in tables else "VIEW"
                cursor.execute(f"DROP {kind} IF EXISTS {connection.ops.quote_name(name)} CASCADE")
    connection.close()
    run_client(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ]
    )


def empty_directory(root: Path) -> None:
    """Remove what `root` holds, keeping the directory (it may be a mount point)."""
    if not root.is_dir():
        return
    for child in root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def checked(manifest: dict, *, files: int, secret_key: bool) -> RestoreReport:
    """The restored database's rows per model against the manifest's, and the migrations this
    Terreau has that the restored database has not applied yet."""
    from django.db.migrations.executor import MigrationExecutor

    report = RestoreReport(manifest, target_name(), files, secret_key)
    present = set(connection.introspection.table_names())
    tables = counted_tables()
    expected = manifest["counts"]
    with connection.cursor() as cursor:
        restored = count_rows(
            cursor, {label: tables[label] for label in expected if label in tables}, present
        )
    for label, rows in expected.items():
        if restored.get(label) != rows:
            report.differences.append((label, rows, restored.get(label)))
    executor = MigrationExecutor(connection)
    report.pending_migrations = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    return report
