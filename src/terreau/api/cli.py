"""`terreau token …` commands."""

from terreau.core.cli import EXIT_DATA_ERROR, fail, subcommands


def add_commands(groups) -> None:
    token = groups.add_parser("token", help="API tokens")
    token_commands = subcommands(token)
    token_create = token_commands.add_parser(
        "create",
        help="create an API token for a user and print it",
        description="Create an API token for USERNAME and print it once (only its hash is "
        "stored). Send it as 'Authorization: Bearer <token>'.",
    )
    token_create.add_argument("username")
    token_create.add_argument("--name", default="", help="what the token is for")
    token_create.set_defaults(handler=token_create_command)


def token_create_command(args) -> int:
    from django.contrib.auth import get_user_model

    from terreau.api.models import ApiToken

    user = get_user_model().objects.filter(username=args.username).first()
    if user is None:
        # Exit 1, not 2 as `--user` elsewhere: kept as the command has always answered.
        return fail(f"unknown user: {args.username}", EXIT_DATA_ERROR)
    _token, secret = ApiToken.issue(user=user, name=args.name)
    print(secret)
    return 0
