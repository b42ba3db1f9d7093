"""`terreau accounts`: deleting the accounts whose e-mail address was never confirmed (a daily
scheduled job, docs/deployment.md, "Tâches planifiées")."""

from terreau.core.cli import subcommands


def add_commands(groups) -> None:
    accounts = groups.add_parser("accounts", help="accounts: deleting unconfirmed ones")
    commands = subcommands(accounts)
    clean = commands.add_parser(
        "clean-unconfirmed",
        help="delete the accounts whose e-mail address was not confirmed within N days",
        description="With TERREAU_SIGNUP_VERIFY_EMAIL, an account can log in once its owner "
        "followed the link sent by e-mail. Delete those still unconfirmed (inactive, never "
        "logged in, not staff) more than --days days after signup "
        "(TERREAU_UNCONFIRMED_ACCOUNT_DAYS, 7 by default), freeing their usernames. An account "
        "an administrator deactivated has logged in before and is kept. Run daily.",
    )
    clean.add_argument("--days", type=int, default=None, help="age in days (default: setting)")
    clean.add_argument(
        "--dry-run", action="store_true", help="list the accounts without deleting them"
    )
    clean.set_defaults(handler=clean_unconfirmed_command)


def clean_unconfirmed_command(args) -> int:
    from terreau.accounts.services import unconfirmed_accounts, unconfirmed_accounts_delete

    if args.dry_run:
        names = sorted(unconfirmed_accounts(days=args.days).values_list("username", flat=True))
    else:
        names = unconfirmed_accounts_delete(days=args.days)
    for name in names:
        print(name)
    verb = "to delete" if args.dry_run else "deleted"
    print(f"{len(names)} unconfirmed accounts {verb}")
    return 0
