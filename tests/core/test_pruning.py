"""`terreau jobs prune` (core/pruning.py): kept results superseded by newer data, old PDF jobs and
the queue's records of finished tasks go; what is current, recent or in progress stays."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from terreau.cli import main
from terreau.cooperations.models import PartnerSuggestions
from terreau.cooperations.suggestions import data_version as suggestions_version
from terreau.core.jobs import job_task
from terreau.core.models import Job, PdfJob
from terreau.network.cache import Scope, data_version
from terreau.network.models import NetworkMetrics
from terreau.territories.refs import resolve
from tests.cooperations.factories import make_cooperation

pytestmark = pytest.mark.django_db

EPCI = "epci:246200844"


def long_ago(days: int = 40):
    return timezone.now() - timedelta(days=days)


def metrics(name, *, version, computed_at, status=Job.Status.DONE, scope=f"territory:{EPCI}"):
    return NetworkMetrics.objects.create(
        key=name,
        scope=scope,
        audience="public",
        status=status,
        data_version=version,
        computed_at=computed_at,
    )


def test_superseded_metrics_go_current_recent_and_running_ones_stay(capsys):
    current = data_version(Scope(territory=resolve(EPCI, user=None)))
    kept_current = metrics("a", version=current, computed_at=long_ago())
    superseded = metrics("b", version="old", computed_at=long_ago())
    recent = metrics("c", version="old", computed_at=long_ago(2))
    running = metrics("d", version="old", computed_at=long_ago(), status=Job.Status.RUNNING)
    gone = metrics("e", version="old", computed_at=long_ago(), scope="cooperation:disparue")
    assert main(["jobs", "prune"]) == 0
    left = set(NetworkMetrics.objects.values_list("pk", flat=True))
    assert left == {kept_current.pk, recent.pk, running.pk}
    assert superseded.pk not in left and gone.pk not in left
    assert "network.NetworkMetrics: 2 deleted" in capsys.readouterr().out


def test_superseded_suggestions_go(alice, settings):
    settings.TERREAU_SUGGESTIONS_CACHE_MIN_COMMUNES = 1
    cooperation = make_cooperation(alice)
    territory = resolve(cooperation.territory_ref, user=None)
    current = suggestions_version(cooperation, territory)
    fields = {"cooperation": cooperation, "audience": "all", "limit": 10}
    kept = PartnerSuggestions.objects.create(
        key="a", data_version=current, computed_at=long_ago(), **fields
    )
    PartnerSuggestions.objects.create(key="b", data_version="old", computed_at=long_ago(), **fields)
    assert main(["jobs", "prune", "--days", "30"]) == 0
    assert list(PartnerSuggestions.objects.all()) == [kept]
    # A territory no longer large: the page computes them itself, every kept row goes.
    settings.TERREAU_SUGGESTIONS_CACHE_MIN_COMMUNES = 100_000
    assert main(["jobs", "prune"]) == 0
    assert not PartnerSuggestions.objects.exists()


def test_old_pdf_jobs_and_finished_queue_records_go(alice, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    fields = {"key": "k", "filename": "f.pdf", "source_url": "/", "created_by": alice}
    old = PdfJob.objects.create(status="done", finished_at=long_ago(), **fields)
    recent = PdfJob.objects.create(status="failed", finished_at=long_ago(1), **fields)
    queued = PdfJob.objects.create(status="queued", **fields)
    job_task.enqueue("core.pdfjob", old.pk, 1)
    job_task.enqueue("core.pdfjob", recent.pk, 1)
    first, second = DBTaskResult.objects.order_by("enqueued_at")
    DBTaskResult.objects.filter(pk=first.pk).update(status="SUCCESSFUL", finished_at=long_ago())
    assert main(["jobs", "prune"]) == 0
    assert set(PdfJob.objects.all()) == {recent, queued}
    assert list(DBTaskResult.objects.all()) == [second]  # still waiting
