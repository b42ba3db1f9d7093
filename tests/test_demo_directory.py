"""The demonstration territories get a synthetic actor directory, labelled as fictitious, that a
diagnosis reads like a territory's; loading it again adds nothing."""

import pytest

from terreau.actors.models import Actor
from terreau.demo_directory import INHABITANTS_PER_ACTOR, demo_directory_load
from terreau.diagnosis.queries import diagnose
from terreau.territories.models import Commune
from terreau.territories.refs import resolve

pytestmark = pytest.mark.django_db


def test_pantin_gets_one_fictitious_actor_per_150_inhabitants_and_a_second_load_adds_none():
    created = demo_directory_load()
    pantin = Commune.objects.get(code="93055")
    actors = Actor.objects.filter(commune=pantin)
    assert actors.count() == round(pantin.population / INHABITANTS_PER_ACTOR) > 100
    assert created > actors.count()  # the other demonstration territories too (Jura, Audruicq…)
    assert all(a.is_demo and a.is_public and "fictif" in a.name for a in actors)
    assert all("n'existe pas" in a.description for a in actors)
    assert demo_directory_load() == 0
    assert Actor.objects.filter(commune=pantin).count() == actors.count()


def test_a_diagnosis_of_pantin_reads_the_directory_across_life_functions():
    demo_directory_load()
    data = diagnose(resolve("commune:93055")).data
    assert data["actors"]["total"] > 100
    served = [lf for lf, count in data["actors"]["by_life_function"].items() if count]
    assert len(served) >= 6
    assert 0.3 < data["actors"]["ess_share"] < 0.9


def test_the_draw_is_the_same_whatever_was_loaded_before():
    demo_directory_load()
    first = sorted(Actor.objects.filter(is_demo=True).values_list("external_id", "naf_code"))
    Actor.objects.filter(commune__code="93055").delete()
    assert demo_directory_load() == sum(1 for external_id, _ in first if "-93055-" in external_id)
    again = sorted(Actor.objects.filter(is_demo=True).values_list("external_id", "naf_code"))
    assert again == first
