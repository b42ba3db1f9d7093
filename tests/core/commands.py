"""Run an import command of `terreau` on a file, checking the contract every import keeps."""

import io
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from django.db import transaction
from hypothesis import event
from hypothesis.control import currently_in_test_context

from terreau.actors.models import Actor, ActorChange
from terreau.cli import main
from terreau.cooperations.models import Cooperation, Member, Relation
from terreau.diagnosis.models import Need
from terreau.offers.models import Offer

TERRITORY = "epci:246200844"  # Pays d'Audruicq (62): 62057 is one of its communes
ACTORS = ["actors", "import", "FILE", "--format"]
NEEDS = ["needs", "import", "FILE", "--territory", TERRITORY, "--author", "alice"]
OFFERS = ["offers", "import", "FILE", "--format"]


def written() -> list[int]:
    """Rows of what imports write."""
    models = (Actor, ActorChange, Need, Offer, Cooperation, Member, Relation)
    return [model.objects.count() for model in models]


def run(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exit_:
            status = exit_.code
    return status, out.getvalue() + err.getvalue()


def imported(
    command: list[str], data: bytes, suffix: str, *, atomic=False, keep=False
) -> tuple[int, str]:
    """Run `command` (FILE stands for the file) on a file holding `data` and check the contract
    every import keeps; what it writes is rolled back unless `keep` (hypothesis runs many
    examples in one test)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fichier{suffix}"
        path.write_bytes(data)
        argv = [str(path) if arg == "FILE" else arg for arg in command]
        with transaction.atomic():
            before = written()
            status, output = run(argv + (["--atomic"] if atomic else []))
            after = written()
            transaction.set_rollback(not keep)
    assert status in (0, 1, 2), output
    assert "Traceback" not in output
    if currently_in_test_context():
        event(f"exit {status}")  # shown by --hypothesis-show-statistics
    if status == 2:
        assert after == before, output
        assert output.strip(), "exit 2 says why"
    if status == 1 and atomic:
        assert after == before, output
    return status, output
