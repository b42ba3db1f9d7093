"""The data conversion of migration 0005_models_list (`model` → `models`, SCIC and CAE out of the
models), run for real: back to 0004, rows with the old models, forward, and the result its
docstring promises. The test migrates the schema, so it runs outside a transaction; the tables are
emptied after it, so it loads the reference geography again for the tests that follow."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.conftest import load_reference_geography

BEFORE = [("cooperations", "0004_job_queue")]
AFTER = [("cooperations", "0005_models_list")]


@pytest.fixture
def geography_again(django_db_blocker):
    """Requested before `transactional_db`, so that it runs after its flush."""
    yield
    with django_db_blocker.unblock():
        load_reference_geography()


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_models_list_migration_converts_scic_cae_and_keeps_the_others(
    geography_again, transactional_db
):
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = migrate(BEFORE)
    Cooperation = old.get_model("cooperations", "Cooperation")

    def make(slug, model, cooperation_type="modelled", legal_form="informal"):
        Cooperation.objects.create(
            name=slug,
            slug=slug,
            aim="Nourrir le territoire",
            territory_ref="commune:93055",
            model=model,
            cooperation_type=cooperation_type,
            legal_form=legal_form,
            stage="emergence",
        )

    make("scic-vague", "scic", legal_form="other")
    make("scic-association", "scic", cooperation_type="non_modelled", legal_form="association")
    make("cae", "cae", legal_form="scop")
    make("ptce", "ptce")
    try:
        new = migrate(AFTER)
        rows = new.get_model("cooperations", "Cooperation").objects
        result = {c.slug: (c.models, c.legal_form) for c in rows.all()}
        assert result == {
            # A vague legal form becomes SCIC; a modelled one left without model: "other".
            "scic-vague": (" other ", "scic"),
            # A precise legal form is kept; a non-modelled cooperation has no model.
            "scic-association": ("", "association"),
            # The CAE leaves the models: "other", and the journal says why.
            "cae": (" other ", "scop"),
            # Every other model is kept as the only member of the set.
            "ptce": (" ptce ", "informal"),
        }
        journal = new.get_model("cooperations", "JournalEntry").objects
        notes = {entry.cooperation.slug: entry.text for entry in journal.all()}
        assert set(notes) == {"scic-vague", "scic-association", "cae"}
        assert "« SCIC », qui est sa forme juridique" in notes["scic-vague"]
        assert "La forme juridique enregistrée a été gardée" in notes["scic-association"]
        assert "« CAE »" in notes["cae"] and "Revoyez sa typologie" in notes["cae"]
        assert all(e.kind == "decision" for e in journal.all())
    finally:
        migrate(latest)
