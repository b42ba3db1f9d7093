"""`terreau offers …` commands, added to the `terreau` parser by terreau.cli."""


def add_commands(groups) -> None:
    """Add the `offers` command group (its subcommands come with the features)."""
