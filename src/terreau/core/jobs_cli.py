"""`terreau jobs`: the worker that runs background jobs, the daily cleaning of the files
uploaded for them and the pruning of what they leave behind (docs/deployment.md)."""

from terreau.core.cli import subcommands


def add_commands(groups) -> None:
    jobs = groups.add_parser("jobs", help="background jobs: the worker, cleaning uploads, pruning")
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
    prune = commands.add_parser(
        "prune",
        help="delete superseded cached results, old PDF jobs and finished queue records",
        description="Delete the network metrics and partner suggestions kept for data that "
        "changed since and not recomputed for --days days (or whose territory or cooperation "
        "is gone), the PDF jobs ended more than --days days ago (their PDFs stay in the PDF "
        "cache), and the task queue's records of tasks finished more than --days days ago "
        "(django-tasks-db's prune_db_task_results). --days defaults to "
        "TERREAU_CACHE_RETENTION_DAYS (30). Run daily.",
    )
    prune.add_argument("--days", type=int, default=None, help="age in days (default: setting)")
    prune.set_defaults(handler=prune_command)


def worker_command(args) -> int:
    from django.core.management import call_command

    call_command("db_worker", interval=args.interval, batch=args.batch, reload=False)
    return 0


def clean_uploads_command(args) -> int:
    from terreau.core.jobs import uploads_clean

    count = uploads_clean(days=args.days)
    print(f"{count} uploaded files deleted")
    return 0


def prune_command(args) -> int:
    from terreau.core.pruning import prune

    for kind, count in prune(days=args.days).items():
        print(f"{kind}: {count} deleted")
    return 0
