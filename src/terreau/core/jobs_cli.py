"""`terreau jobs`: the worker that runs background jobs, and the daily cleaning of the files
uploaded for them (docs/deployment.md)."""

from terreau.core.cli import subcommands


def add_commands(groups) -> None:
    jobs = groups.add_parser("jobs", help="background jobs: the worker, cleaning uploads")
    commands = subcommands(jobs)
    worker = commands.add_parser(
        "worker",
        help="run the jobs queued by the web pages (imports), until stopped",
        description="Take the queued jobs one at a time and run them, writing their heartbeat "
        "and progress. Run one beside the web server (make demo does; in production a systemd "
        "service, docs/deployment.md); several may run at once. Ctrl-C or SIGTERM stops it after "
        "the current job (twice: at once, the job then shows as interrupted).",
    )
    worker.add_argument(
        "--interval", type=float, default=1.0, help="seconds between looks at an empty queue"
    )
    worker.add_argument("--batch", action="store_true", help="run the jobs waiting now, then stop")
    worker.set_defaults(handler=worker_command)
    clean = commands.add_parser(
        "clean-uploads",
        help="delete the files uploaded for jobs finished more than N days ago",
        description="Delete the files uploaded for imports whose job ended (done or failed) "
        "more than --days days ago (TERREAU_UPLOAD_RETENTION_DAYS, 30 by default); the jobs and "
        "their reports stay. Files of waiting, running or interrupted jobs are kept. Run daily.",
    )
    clean.add_argument("--days", type=int, default=None, help="age in days (default: setting)")
    clean.set_defaults(handler=clean_uploads_command)


def worker_command(args) -> int:
    from django.core.management import call_command

    call_command("db_worker", interval=args.interval, batch=args.batch, reload=False)
    return 0


def clean_uploads_command(args) -> int:
    from terreau.core.jobs import uploads_clean

    count = uploads_clean(days=args.days)
    print(f"{count} uploaded files deleted")
    return 0
