"""Test harness: the real geography of France is loaded once per test session, from the npm
package `@etalab/decoupage-administratif` (installed by `make test`) and from the real zonage and
point files in `tests/fixtures/geo` (six départements), with the boundaries of
`tests/fixtures/geo/contours`."""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from terreau.config.data_dir import prepare
from terreau.territories.services import (
    commune_points_load,
    contours_load,
    geography_load,
    zonage_load,
)

FIXTURES = Path(__file__).parent / "fixtures"
GEO_FIXTURES = FIXTURES / "geo"

pytest_plugins = ["tests.personas", "tests.connectors.fake_server"]


def pytest_configure(config):
    # What the `terreau` command and the WSGI application do before serving: the data directory
    # with its static files directory (WhiteNoise warns, an error here, when it is missing).
    prepare()
    # Jobs run within the request that queues them (django-tasks' immediate backend), so that a
    # test sees their outcome at once; tests/core/test_job_worker.py runs a real worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def french_again():
    """A request in English leaves English active in the thread (the middleware activates the
    language and nothing deactivates it): the next test would read English labels."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def pdf_cache(settings, tmp_path):
    """Each test prints its PDFs into a cache of its own (core/pdf.py)."""
    settings.TERREAU_PDF_CACHE_DIR = tmp_path / "pdf-cache"
    return settings.TERREAU_PDF_CACHE_DIR


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_reference_geography()


def load_reference_geography() -> None:
    geography_load(package_dir=settings.TERREAU_GEO_PACKAGE_DIR)
    zonage_load(
        path=GEO_FIXTURES / "commune_zonages.csv",
        bassin_labels=GEO_FIXTURES / "bassins_vie_2022.csv",
        zone_emploi_labels=GEO_FIXTURES / "zones_emploi_2020.csv",
    )
    commune_points_load(path=GEO_FIXTURES / "communes_points.csv")
    contours_load(paths=sorted((GEO_FIXTURES / "contours").glob("*.geojson")))
