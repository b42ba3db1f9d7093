"""`terreau backup create|restore`, listed in terreau.cli.APP_COMMANDS; the work is in
core/backup.py."""

import os
from pathlib import Path

from terreau.core.cli import EXIT_BAD_REFERENCE, EXIT_DATA_ERROR, fail, subcommands

ARCHIVE = (
    "The archive (tar.gz) holds a manifest (Terreau version, date, database engine, rows per "
    "model, every file's size and SHA-256), the database (SQLite's online backup, or pg_dump's "
    "custom format for PostgreSQL, which needs pg_dump of the server's version or later), the "
    "attachments directory (TERREAU_ATTACHMENTS_DIR), the uploaded files (media) and the secret "
    "key file of $TERREAU_DATA_DIR."
)


def add_commands(groups) -> None:
    backup = groups.add_parser("backup", help="back up and restore the database and files")
    commands = subcommands(backup)
    create = commands.add_parser(
        "create",
        help="write a backup archive of the database, attachments, uploads and secret key",
        description="Write a backup of this installation to FILE while it keeps running. "
        + ARCHIVE
        + " The archive holds personal data and the secret key: it is readable by its owner "
        "only; keep copies encrypted. See docs/deployment.md.",
    )
    create.add_argument("-o", "--output", type=Path, metavar="FILE", required=True)
    create.set_defaults(handler=create_command)
    restore = commands.add_parser(
        "restore",
        help="restore a backup archive into an empty database and data directory",
        description="Restore a backup made by 'terreau backup create' into the database of "
        "DATABASE_URL (default: SQLite in $TERREAU_DATA_DIR), the attachments and media "
        "directories and the secret key file, then count the rows of every model against the "
        "manifest. Refused, with nothing written, when the archive is unreadable, altered or "
        "made on the other database engine (exit status 2), and when the database has tables or "
        "the directories hold files (exit status 1) unless --force is given. Exits with status 1 "
        "when the counts differ.",
    )
    restore.add_argument("archive", type=Path, metavar="FILE")
    restore.add_argument(
        "--force",
        action="store_true",
        help="replace what the database and the attachments and media directories hold",
    )
    restore.set_defaults(handler=restore_command)


def create_command(args) -> int:
    from django.db import Error

    from terreau.core.backup import BackupError, backup_create

    try:
        manifest = backup_create(output=args.output)
    except (BackupError, Error, OSError) as error:
        return fail(error, EXIT_DATA_ERROR)
    files = sum(name.split("/")[0] in ("attachments", "media") for name in manifest["files"])
    print(
        f"{args.output}: {manifest['database']['engine']} database, "
        f"{sum(manifest['counts'].values())} rows in {len(manifest['counts'])} models, "
        f"{files} file{'' if files == 1 else 's'}"
    )
    if "secret_key" not in manifest["files"]:
        print(
            "  The secret key is not in the archive (SECRET_KEY is set in the environment): "
            "keep it with your backups."
        )
    return 0


def restore_command(args) -> int:
    from django.db import Error

    from terreau.core.backup import ArchiveError, BackupError, backup_restore

    try:
        report = backup_restore(archive=args.archive, force=args.force)
    except ArchiveError as error:
        return fail(error, EXIT_BAD_REFERENCE)
    except (BackupError, Error, OSError) as error:
        return fail(error, EXIT_DATA_ERROR)
    manifest = report.manifest
    print(
        f"Restored the backup of {manifest['created_at']} (Terreau {manifest['terreau_version']}) "
        f"into {report.target}: {report.rows} rows in {len(manifest['counts'])} models, "
        f"{report.files} file{'' if report.files == 1 else 's'}"
        + (", the secret key" if report.secret_key else "")
    )
    if report.secret_key and os.environ.get("SECRET_KEY"):
        print(
            "  SECRET_KEY is set in the environment and wins over the restored key file: "
            "sessions and password reset links of the backup need the backup's key."
        )
    if report.pending_migrations:
        print(
            f"  This Terreau has {report.pending_migrations} migrations the backup has not: "
            "run 'terreau manage migrate'."
        )
    if report.differences:
        print("  Rows that differ from the manifest:")
        for label, expected, restored in report.differences:
            found = "no such table here" if restored is None else restored
            print(f"  {label}: {expected} in the manifest, {found} restored")
        return EXIT_DATA_ERROR
    print("  Every model has the rows the manifest lists.")
    return 0
