"""Stage-aware evaluation: default indicators per stage, the cooperation's choices, dated values
with their source, charts, and who may see or change them."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation

from terreau.cooperations.models import AccessRole, JournalEntry
from terreau.cooperations.services import (
    access_grant,
    cooperation_publish,
    journal_entry_save,
)
from terreau.core.charts import time_series_chart
from terreau.core.taxonomies import Stage
from terreau.demo import demo_load
from terreau.evaluation.defaults import DATA_FILE, default_indicators, defaults_for
from terreau.evaluation.models import Indicator, IndicatorValue
from terreau.evaluation.queries import indicator_series, stage_suggestions
from terreau.evaluation.services import indicator_follow_default, indicator_value_save
from tests.confirmation import CONFIRM
from tests.cooperations.factories import make_cooperation
from tests.personas import UserFactory, client_for

pytestmark = pytest.mark.django_db

EMERGENCE_DEFAULTS = [
    "actors_met",
    "acquaintance_meetings",
    "needs_identified",
    "members_engaged",
    "meetings_held",
    "small_victories",
    "sectors_represented",
    "public_actor_involved",
]


@pytest.fixture
def ecopole(alice):
    return make_cooperation(alice, name="Écopôle alimentaire", stage="emergence")


@pytest.fixture
def bob_reader(ecopole):
    bob = UserFactory(username="bob")
    access_grant(cooperation=ecopole, user=bob, role=AccessRole.READER)
    return client_for(bob)


def record(indicator, day: str, value: str, source: str = "Compte rendu") -> IndicatorValue:
    return indicator_value_save(
        value=IndicatorValue(
            indicator=indicator,
            measured_on=date.fromisoformat(day),
            value=Decimal(value),
            source=source,
        )
    )


# The default set


def test_every_default_indicator_speaks_french_and_english_and_names_its_stages():
    document = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    keys = [item["key"] for item in document["indicators"]]
    assert len(keys) == len(set(keys))
    for item in document["indicators"]:
        for language in ("fr", "en"):
            assert all(item[language][field].strip() for field in ("name", "unit", "description"))
        assert item["stages"] and set(item["stages"]) <= set(Stage.values)
        assert item["direction"] in {"up", "down", "neither"} and item["source"]
    assert {stage: len(defaults_for(stage)) >= 3 for stage in Stage} == dict.fromkeys(Stage, True)


def test_the_defaults_follow_the_stage_as_the_field_describes_it():
    assert [item.key for item in defaults_for("emergence")] == EMERGENCE_DEFAULTS
    consolidation = {item.key for item in defaults_for("consolidation")}
    assert {"activity_revenue", "jobs", "useful_effects_measured"} <= consolidation
    assert not {"activity_revenue", "jobs"} & set(EMERGENCE_DEFAULTS)
    small = default_indicators()["small_victories"]
    with translation.override("en"):
        assert (small.name, small.unit) == ("Small victories", "small victories")
    assert small.name == "Petites victoires"


# Choosing indicators and fitting the stage


def test_the_page_says_which_indicators_fit_the_stage_and_suggests_the_missing_ones(
    ecopole, alice_client
):
    alice_client.post(f"/cooperations/{ecopole.slug}/evaluation/suivre/", {"key": "jobs"})
    alice_client.post(
        f"/cooperations/{ecopole.slug}/evaluation/suivre/", {"key": "members_engaged"}
    )
    page = alice_client.get(f"/cooperations/{ecopole.slug}/evaluation/")
    assert [(s.indicator.key, s.fits_stage) for s in page.context["series"]] == [
        ("members_engaged", True),
        ("jobs", False),
    ]
    assert [d.key for d in page.context["suggestions"]] == [
        key for key in EMERGENCE_DEFAULTS if key != "members_engaged"
    ]
    html = page.content.decode()
    assert "Étape actuelle : <strong>Émergence</strong>" in html
    assert "adapté à l'étape actuelle" in html and "d'une autre étape" in html


def test_a_stage_change_in_the_journal_changes_what_fits(ecopole, alice):
    jobs = indicator_follow_default(cooperation=ecopole, key="jobs")
    assert [s.fits_stage for s in indicator_series(ecopole)] == [False]
    journal_entry_save(
        entry=JournalEntry(
            cooperation=ecopole,
            happened_on=date(2024, 1, 1),
            kind="stage_change",
            stage="consolidation",
            title="Consolidation",
        ),
        by=alice,
    )
    ecopole.refresh_from_db()
    assert [s.indicator for s in indicator_series(ecopole) if s.fits_stage] == [jobs]
    assert "jobs" not in [d.key for d in stage_suggestions(ecopole)]
    assert "activity_revenue" in [d.key for d in stage_suggestions(ecopole)]


def test_following_a_default_twice_keeps_one_and_stores_its_french_texts(ecopole, alice):
    first = indicator_follow_default(cooperation=ecopole, key="small_victories", by=alice)
    with translation.override("en"):
        again = indicator_follow_default(cooperation=ecopole, key="small_victories", by=alice)
        assert first.label == "Small victories"
    assert first == again and ecopole.indicators.count() == 1
    assert (first.name, first.unit, first.direction, first.stages) == (
        "Petites victoires",
        "petites victoires",
        "up",
        " emergence creation ",
    )


def test_a_cooperation_adds_its_own_indicator(ecopole, alice_client):
    response = alice_client.post(
        f"/cooperations/{ecopole.slug}/evaluation/ajouter/",
        {
            "name": "Repas servis à prix libre",
            "unit": "repas",
            "direction": "up",
            "stage_list": ["creation", "consolidation"],
        },
    )
    indicator = ecopole.indicators.get()
    assert response.url == f"/cooperations/{ecopole.slug}/evaluation/#indicateur-{indicator.pk}"
    assert (indicator.key, indicator.stages, indicator.fits("emergence")) == (
        "",
        " creation consolidation ",
        False,
    )
    same = alice_client.post(
        f"/cooperations/{ecopole.slug}/evaluation/ajouter/",
        {"name": "repas servis à prix libre", "unit": "repas", "direction": "up"},
    )
    assert same.context["form"].errors["name"] == [
        "La coopération suit déjà un indicateur nommé « repas servis à prix libre »."
    ]
    anywhere = alice_client.post(
        f"/cooperations/{ecopole.slug}/evaluation/ajouter/",
        {"name": "Bénévoles", "unit": "personnes", "direction": "up"},
    )
    assert anywhere.status_code == 302
    assert ecopole.indicators.get(name="Bénévoles").fits("emergence")


# Values over time


def test_values_are_recorded_exactly_with_their_source(ecopole, alice_client):
    indicator = indicator_follow_default(cooperation=ecopole, key="funding_secured")
    url = f"/cooperations/{ecopole.slug}/evaluation/{indicator.pk}/valeurs/ajouter/"
    response = alice_client.post(
        url,
        {
            "measured_on": "2023-12-31",
            "value": "30 000,10",
            "source": "Bilan 2023",
            "note": "Fonds d'impulsion",
        },
    )
    assert response.status_code == 302
    value = indicator.values.get()
    assert (value.value, value.source, value.note) == (
        Decimal("30000.10"),
        "Bilan 2023",
        "Fonds d'impulsion",
    )
    assert value.value_text == "30\xa0000,1"
    with translation.override("en"):
        assert value.value_text == "30,000.1"
    again = alice_client.post(url, {"measured_on": "2023-12-31", "value": "1", "source": "Bilan"})
    assert again.context["form"].errors["measured_on"] == [
        "Une valeur est déjà enregistrée au 31/12/2023 : supprimez-la d'abord."
    ]
    wrong = alice_client.post(url, {"measured_on": "2024-01-31", "value": "beaucoup"})
    assert wrong.context["form"].errors == {
        "value": ["« beaucoup » n'est pas un nombre."],
        "source": ["Ce champ est obligatoire."],
    }
    assert indicator.values.count() == 1


def test_each_indicator_is_charted_with_dates_in_proportion():
    chart = time_series_chart(
        [
            (date(2022, 1, 11), Decimal("20")),
            (date(2022, 1, 1), Decimal("10")),
            (date(2022, 1, 21), Decimal("15")),
        ]
    )
    # Plot area: x from 56 to 536 (480 wide) over 20 days, y from 14 (20) down to 172 (0).
    assert chart["line"] == "56.0,93.0 296.0,14.0 536.0,53.5"
    assert (chart["high"], chart["low"], chart["high_y"], chart["low_y"]) == (
        "20",
        "0",
        14.0,
        172.0,
    )
    # The vertical axis: bottom, middle and top, each with its grid line.
    assert [(tick["label"], tick["y"]) for tick in chart["ticks"]] == [
        ("0", 172.0),
        ("10", 93.0),
        ("20", 14.0),
    ]
    assert [(mark["day"], mark["anchor"]) for mark in chart["dates"]] == [
        (date(2022, 1, 1), "start"),
        (date(2022, 1, 21), "end"),
    ]
    single = time_series_chart([(date(2022, 1, 1), Decimal("3.5"))])
    assert (single["line"], single["high"]) == ("296.0,14.0", "3.5")
    assert time_series_chart([]) is None


def test_the_page_shows_the_chart_and_the_table(ecopole, alice_client):
    indicator = indicator_follow_default(cooperation=ecopole, key="members_engaged")
    record(indicator, "2022-01-01", "4", "Feuille de présence")
    record(indicator, "2023-01-01", "9", "Feuille de présence")
    html = alice_client.get(f"/cooperations/{ecopole.slug}/evaluation/").content.decode()
    assert '<polyline points="56.0,101.8 536.0,14.0" class="line"/>' in html
    assert '<td class="number">9</td><td>Feuille de présence</td>' in html
    assert "Valeur (membres)" in html
    # Axis labels and dates written as the page writes them: "4,5", "01/01/2022".
    assert 'class="tick">4,5</text>' in html and 'class="tick">01/01/2022</text>' in html


def test_removing_an_indicator_removes_its_values(ecopole, alice_client):
    indicator = indicator_follow_default(cooperation=ecopole, key="members_engaged")
    value = record(indicator, "2022-01-01", "4")
    record(indicator, "2023-01-01", "9")
    value_delete = f"/cooperations/{ecopole.slug}/evaluation/valeurs/{value.pk}/supprimer/"
    assert (
        "Supprimer la valeur du 1 janvier 2022" in alice_client.get(value_delete).content.decode()
    )
    alice_client.post(value_delete)
    assert IndicatorValue.objects.count() == 2
    alice_client.post(value_delete, CONFIRM)
    assert IndicatorValue.objects.count() == 1
    remove = f"/cooperations/{ecopole.slug}/evaluation/{indicator.pk}/retirer/"
    assert "1 valeur mesurée de cet indicateur." in alice_client.get(remove).content.decode()
    alice_client.post(remove)
    assert Indicator.objects.exists()
    alice_client.post(remove, CONFIRM)
    assert not Indicator.objects.exists() and not IndicatorValue.objects.exists()


# Who may see and change


def test_a_reader_reads_but_cannot_change(ecopole, bob_reader):
    indicator = indicator_follow_default(cooperation=ecopole, key="members_engaged")
    value = record(indicator, "2022-01-01", "4")
    page = bob_reader.get(f"/cooperations/{ecopole.slug}/evaluation/")
    assert page.status_code == 200 and page.context["can_edit"] is False
    assert "Ajouter une valeur" not in page.content.decode()
    slug = ecopole.slug
    for url in [
        f"/cooperations/{slug}/evaluation/suivre/",
        f"/cooperations/{slug}/evaluation/ajouter/",
        f"/cooperations/{slug}/evaluation/{indicator.pk}/retirer/",
        f"/cooperations/{slug}/evaluation/{indicator.pk}/valeurs/ajouter/",
        f"/cooperations/{slug}/evaluation/valeurs/{value.pk}/supprimer/",
    ]:
        assert bob_reader.post(url, {"key": "jobs", **CONFIRM}).status_code == 403, url
    assert list(ecopole.indicators.all()) == [indicator] and indicator.values.count() == 1


def test_a_stranger_gets_404_everywhere_even_once_published(ecopole, charlie_client):
    indicator = indicator_follow_default(cooperation=ecopole, key="members_engaged")
    value = record(indicator, "2022-01-01", "4")
    cooperation_publish(cooperation=ecopole, public=True)
    slug = ecopole.slug
    assert charlie_client.get(f"/cooperations/{slug}/evaluation/").status_code == 404
    for url in [
        f"/cooperations/{slug}/evaluation/suivre/",
        f"/cooperations/{slug}/evaluation/ajouter/",
        f"/cooperations/{slug}/evaluation/{indicator.pk}/retirer/",
        f"/cooperations/{slug}/evaluation/{indicator.pk}/valeurs/ajouter/",
        f"/cooperations/{slug}/evaluation/valeurs/{value.pk}/supprimer/",
    ]:
        assert charlie_client.post(url, {"key": "jobs", **CONFIRM}).status_code == 404, url
    api = charlie_client.get(f"/api/v1/evaluation/cooperations/{slug}/indicators")
    assert api.status_code == 404
    assert Client().get(f"/api/v1/evaluation/cooperations/{slug}/indicators").status_code == 404
    assert indicator.values.count() == 1


def test_a_value_is_reached_only_through_its_own_cooperation(ecopole, alice, alice_client):
    indicator = indicator_follow_default(cooperation=ecopole, key="members_engaged")
    value = record(indicator, "2022-01-01", "4")
    other = make_cooperation(alice, name="Autre")
    response = alice_client.post(
        f"/cooperations/{other.slug}/evaluation/valeurs/{value.pk}/supprimer/", CONFIRM
    )
    assert response.status_code == 404 and IndicatorValue.objects.count() == 1


def test_the_api_gives_indicators_values_and_suggestions(ecopole, bob_reader):
    indicator = indicator_follow_default(cooperation=ecopole, key="funding_secured")
    record(indicator, "2023-12-31", "30000.10", "Bilan 2023")
    data = bob_reader.get(f"/api/v1/evaluation/cooperations/{ecopole.slug}/indicators").json()
    assert data["stage"] == "emergence"
    assert data["indicators"] == [
        {
            "key": "funding_secured",
            "name": "Financements obtenus",
            "unit": "€",
            "direction": "up",
            "stages": ["creation", "consolidation"],
            "fits_stage": False,
            "values": [
                {
                    "measured_on": "2023-12-31",
                    "value": "30000.1",
                    "source": "Bilan 2023",
                    "note": "",
                }
            ],
        }
    ]
    assert [s["key"] for s in data["suggestions"]] == EMERGENCE_DEFAULTS


def test_the_demo_follows_indicators_of_la_butinerie_s_stage(db):
    demo_load()
    demo_load()
    butinerie = Indicator.objects.filter(cooperation__slug="la-butinerie")
    assert list(butinerie.values_list("key", flat=True)) == [
        "building_blocks_running",
        "public_actor_involved",
        "multi_year_agreements",
    ]
    series = indicator_series(butinerie.first().cooperation)
    assert all(item.fits_stage for item in series)
    assert [item.latest.value for item in series] == [Decimal(5), Decimal(4), Decimal(1)]
