"""Large territories' diagnoses read from aggregates (diagnosis/aggregates.py): the same figures as
a live count, the date said, private actors only for those who may see them, stale aggregates
recomputed by the scheduled job."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from terreau.actors.models import Actor
from terreau.cli import main
from terreau.diagnosis.aggregates import figures_for, latest_refresh, refresh
from terreau.diagnosis.models import ActorAggregate, AggregateRefresh
from terreau.diagnosis.queries import diagnose, per_commune
from terreau.territories.refs import France, resolve
from tests.diagnosis.factories import actor
from tests.personas import UserFactory, bearer_client

pytestmark = pytest.mark.django_db

DATED = {"figures_computed_at", "reference_computed_at"}


def undated(data: dict) -> dict:
    return {key: value for key, value in data.items() if key not in DATED}


@pytest.fixture
def directory(alice, charlie):
    """Actors of every group the diagnosis counts by, in the Pas-de-Calais (62) and elsewhere
    (the Nord, 59), with private ones of Alice and of Charlie."""
    actor("Épicerie", "62057", functions=["food", "social_ties"], ess=True, family="association")
    actor(
        "Cantine", "62057", kind="cooperative", functions=["food"], ess=True, family="cooperative"
    )
    actor("Médecin", "62906", kind="company", functions=["health"])
    actor("Sans fonction", "62041", kind="company")
    for n in range(5):
        actor(f"Cabinet {n}", "62041", kind="company", functions=["health"], family="company")
    actor("Lille", "59350", kind="local_authority", functions=["mobility", "work"])
    dated = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    for n, code in enumerate(["62041", "62041", "59350"]):
        created = actor(f"SIRENE {n}", code, kind="company", functions=["work"], family="company")
        Actor.objects.filter(pk=created.pk).update(
            source="sirene", source_name="StockEtablissement.csv", source_date=dated
        )
    for owner, name, code in ((alice, "Jardin d'Alice", "62041"), (charlie, "Atelier", "62057")):
        private = actor(name, code, functions=["food"], ess=True, family="association")
        Actor.objects.filter(pk=private.pk).update(is_public=False, created_by=owner)


def viewers(alice, charlie):
    staff = UserFactory(username="ada", administrator=True)
    return {"command line": None, "visitor": AnonymousUser(), "alice": alice, "charlie": charlie,
            "staff": staff}  # fmt: skip


@pytest.mark.parametrize("ref", ["departement:62", "region:32", "france"])
def test_figures_from_the_aggregates_equal_the_live_figures(directory, alice, charlie, ref):
    territory = France() if ref == "france" else resolve(ref)
    refresh()
    for who, user in viewers(alice, charlie).items():
        computed = diagnose(territory, compare_to=France(), user=user)
        live = diagnose(territory, compare_to=France(), user=user, live=True)
        assert computed.data["figures_computed_at"] is not None, who
        assert computed.data["reference_computed_at"] is not None, who
        assert live.data["figures_computed_at"] is None, who
        assert undated(computed.data) == undated(live.data), who
        for life_function in (None, "food", "work"):
            assert per_commune(territory, life_function, user=user) == per_commune(
                territory, life_function, user=user, live=True
            ), (who, life_function)


def test_the_aggregates_hold_no_private_actor(directory, alice, charlie):
    refresh()
    counted = sum(ActorAggregate.objects.values_list("actors", flat=True))
    public = Actor.objects.filter(is_public=True, commune__isnull=False).count()
    assert counted == public == Actor.objects.count() - 2


def test_each_person_sees_their_own_private_actors_on_top_of_the_aggregates(
    directory, alice, charlie
):
    refresh()
    departement = resolve("departement:62")
    totals = {
        who: diagnose(departement, user=user).data["actors"]["total"]
        for who, user in viewers(alice, charlie).items()
    }
    public = Actor.objects.filter(is_public=True, commune__departement__code="62").count()
    assert totals == {
        "command line": public + 2,
        "visitor": public,
        "alice": public + 1,
        "charlie": public + 1,
        "staff": public + 2,
    }
    alice_data = diagnose(departement, user=alice).data
    charlie_data = diagnose(departement, user=charlie).data
    # Alice's garden is in Arras (62041), Charlie's workshop in Audruicq (62057).
    counts = {
        who: {c["code"]: c["actors"] for c in per_commune(departement, "food", user=user)}
        for who, user in (("alice", alice), ("charlie", charlie))
    }
    assert counts["alice"]["62041"] == 1 and counts["charlie"]["62041"] == 0
    assert counts["charlie"]["62057"] == 3 and counts["alice"]["62057"] == 2
    assert alice_data["actors"]["by_life_function"]["food"] == 3
    assert charlie_data["actors"]["by_life_function"]["food"] == 3
    api = bearer_client(charlie).get("/api/v1/territories/departement:62/diagnosis").json()
    assert api["actors"]["total"] == public + 1 and api["figures_computed_at"]


def test_small_territories_stay_live_and_say_when_the_reference_was_computed(directory):
    refresh()
    data = diagnose(resolve("epci:246200844"), user=AnonymousUser()).data
    assert data["figures_computed_at"] is None
    assert data["compare_to"]["ref"] == "departement:62" and data["reference_computed_at"]


def test_without_aggregates_everything_is_counted_live(directory):
    data = diagnose(resolve("departement:62")).data
    assert data["figures_computed_at"] is None and data["reference_computed_at"] is None
    assert data["actors"]["total"] == Actor.objects.filter(commune__departement__code="62").count()


def test_stale_aggregates_are_shown_with_their_date_then_refreshed_by_the_job(directory):
    first = refresh()
    assert first.status == AggregateRefresh.Status.DONE and first.report["rows"] > 0
    departement = resolve("departement:62")
    before = diagnose(departement, user=AnonymousUser()).data
    actor("Nouvelle cantine", "62041", functions=["food"])
    stale = diagnose(departement, user=AnonymousUser()).data
    assert stale["actors"]["total"] == before["actors"]["total"]  # as of the aggregates' date
    assert stale["figures_computed_at"] == first.computed_at.isoformat()
    second = refresh()  # the directory changed: recomputed
    assert second is not None and second.computed_at > first.computed_at
    fresh = diagnose(departement, user=AnonymousUser()).data
    assert fresh["actors"]["total"] == before["actors"]["total"] + 1
    assert fresh["actors"]["by_life_function"]["food"] == (
        before["actors"]["by_life_function"]["food"] + 1
    )
    assert fresh["figures_computed_at"] == second.computed_at.isoformat()
    assert refresh() is None  # nothing changed since: nothing recounted
    assert refresh(force=True) is not None
    assert AggregateRefresh.objects.count() == 1  # the latest computation is kept
    # An import's update writes `source_date`, not `updated_at`: it counts as a change too.
    Actor.objects.filter(name="Médecin").update(
        life_functions=" food ", source_date=datetime(2026, 11, 1, tzinfo=UTC)
    )
    assert refresh() is not None


def test_the_scheduled_command_computes_then_says_it_is_up_to_date(directory, capsys):
    assert main(["diagnosis", "refresh-aggregates"]) == 0
    assert "diagnosis aggregates computed" in capsys.readouterr().out
    assert main(["diagnosis", "refresh-aggregates"]) == 0
    assert "up to date" in capsys.readouterr().out
    assert latest_refresh() is not None


def test_the_page_and_the_report_say_when_the_figures_were_computed(directory, client):
    refresh()
    computed = latest_refresh().computed_at
    page = client.get("/territoires/departement:62/diagnostic/")
    assert page.status_code == 200
    assert "Chiffres des acteurs calculés le " in page.text
    assert page.context["figures_computed_at"] == computed
    report = client.get("/territoires/departement:62/diagnostic/rapport.html")
    assert "Chiffres des acteurs calculés le " in report.text
    small = client.get("/territoires/epci:246200844/diagnostic/")
    assert "Chiffres des acteurs calculés" not in small.text
    assert "Densités de référence (Pas-de-Calais) calculées le " in small.text
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/territoires/departement:62/diagnostic/")
    assert "Actor figures computed on " in english.text


def test_small_territories_read_the_aggregates_only_while_none_of_their_actors_changed(
    directory, alice, charlie
):
    refresh()
    epci = resolve("commune:62057").epci  # Audruicq's EPCI: the épicerie, the cantine, Charlie's
    other = resolve("commune:62041")  # Arras, in another EPCI

    def read_from_aggregates() -> bool:
        return figures_for(epci, AnonymousUser()).aggregates is not None

    def same_as_live():
        for who, user in viewers(alice, charlie).items():
            # Compared with itself: the département's densities are dated aggregates.
            computed = diagnose(epci, compare_to=epci, user=user)
            assert computed.data["figures_computed_at"] is None, who  # the figures of now
            live = diagnose(epci, compare_to=epci, user=user, live=True)
            assert computed.data == live.data, who
            for life_function in (None, "food"):
                assert per_commune(epci, life_function, user=user) == per_commune(
                    epci, life_function, user=user, live=True
                ), (who, life_function)

    assert read_from_aggregates()
    same_as_live()
    # Charlie's private workshop is counted live on top, for Charlie and staff only.
    totals = {who: diagnose(epci, user=u).data["actors"]["total"] for who, u in
              viewers(alice, charlie).items()}  # fmt: skip
    assert totals["charlie"] == totals["alice"] + 1 == totals["visitor"] + 1
    # A change elsewhere does not matter.
    actor("Ailleurs", "62041", functions=["food"])
    assert read_from_aggregates()
    # A new actor, an edited one, one updated by an import, one deleted: counted live.
    for change in (
        lambda: actor("Nouvelle épicerie", "62057", functions=["food"]),
        lambda: Actor.objects.get(name="Épicerie").save(),
        lambda: Actor.objects.filter(name="Cantine").update(
            life_functions=" health ", source_date=timezone.now()
        ),
        lambda: Actor.objects.get(name="Cantine").delete(),
        lambda: Actor.objects.filter(name="Épicerie").update(commune=other),
    ):
        refresh(force=True)
        assert read_from_aggregates()
        change()
        assert not read_from_aggregates()
        same_as_live()
