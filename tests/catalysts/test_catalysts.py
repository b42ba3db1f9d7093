"""A catalyst's profile (§004): who, where, how, funded by whom, which cooperations, which stage;
private until published; its durability assessed on the scale of its stage and in the chosen
mode; and the warning when a catalyst also operates."""

import pytest
from django.urls import reverse

from terreau.catalysts.models import Catalyst, DurabilityAssessment
from terreau.cooperations.models import BuildingBlock
from tests.cooperations.factories import make_actor, make_cooperation, make_member

pytestmark = pytest.mark.django_db

PROFILE = {
    "name": "Villes au Carré",
    "kind": "structure",
    "posture": "development",
    "position": "external",
    "stage": "mature",
    "methods": "Centre de ressources, formations, plateforme de dialogue",
    "funding": "État, Conseil régional, villes et intercommunalités",
    "territories": ["region:24"],
}


def create(client, **changes):
    return client.post(reverse("catalysts:create"), {**PROFILE, **changes})


def test_a_person_describes_a_catalyst_that_stays_private_until_published(
    alice_client, charlie_client, client
):
    response = create(alice_client)
    catalyst = Catalyst.objects.get()
    assert response.status_code == 302 and response.url == catalyst.get_absolute_url()
    page = alice_client.get(catalyst.get_absolute_url()).content.decode()
    assert "Centre-Val de Loire" in page and "Développement de coopérations territoriales" in page
    assert ">region:24<" not in page  # a name, not a code
    for stranger in (charlie_client, client):
        assert stranger.get(catalyst.get_absolute_url()).status_code == 404
        assert "Villes au Carré" not in stranger.get(reverse("catalysts:list")).content.decode()
    Catalyst.objects.update(is_public=True)
    assert "Villes au Carré" in client.get(catalyst.get_absolute_url()).content.decode()
    # Published is not editable by others.
    assert charlie_client.get(reverse("catalysts:edit", args=[catalyst.pk])).status_code == 404
    assert charlie_client.post(reverse("catalysts:delete", args=[catalyst.pk])).status_code == 404
    assert Catalyst.objects.exists()


def test_an_unknown_territory_and_a_team_without_its_name_are_told(alice_client):
    response = create(alice_client, territories=["region:99"], kind="authority_team", team="")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Territoire inconnu" in page and "region:99" in page
    assert "Indiquez l&#x27;équipe ou le service de la collectivité." in page
    assert not Catalyst.objects.exists()


def test_a_profile_shows_only_the_accompanied_cooperations_one_may_see(
    alice, alice_client, charlie_client
):
    private = make_cooperation(alice, "Coopération privée d'Alice")
    create(alice_client, cooperations=[private.pk])
    catalyst = Catalyst.objects.get()
    assert list(catalyst.cooperations.all()) == [private]
    Catalyst.objects.update(is_public=True)
    assert "Coopération privée d" in alice_client.get(catalyst.get_absolute_url()).content.decode()
    seen_by_charlie = charlie_client.get(catalyst.get_absolute_url()).content.decode()
    assert "Coopération privée d" not in seen_by_charlie
    # Charlie cannot link Alice's private cooperation to his own profile.
    response = create(charlie_client, name="Le Centsept", cooperations=[private.pk])
    assert response.status_code == 200 and not Catalyst.objects.filter(name="Le Centsept").exists()


def test_deleting_a_profile_asks_first_and_says_what_goes_with_it(alice_client):
    create(alice_client)
    catalyst = Catalyst.objects.get()
    DurabilityAssessment.objects.create(
        catalyst=catalyst, assessed_on="2026-11-02", stage="mature", mode="self", answers={}
    )
    url = reverse("catalysts:delete", args=[catalyst.pk])
    page = alice_client.get(url).content.decode()
    assert "1 évaluation des conditions de pérennité sera supprimée avec elle" in page
    assert Catalyst.objects.exists()
    alice_client.post(url)
    assert not Catalyst.objects.exists() and not DurabilityAssessment.objects.exists()


def test_an_emerging_catalyst_is_assessed_on_the_short_scale(alice_client):
    create(alice_client, stage="emergence")
    catalyst = Catalyst.objects.get()
    url = reverse("catalysts:assessment", args=[catalyst.pk]) + "?mode=self"
    page = alice_client.get(url).content.decode()
    assert "Pas encore abordé" in page and "Éprouvé" not in page
    answers = {f"{key}_level": 1 for key in ("positioning", "governance", "technical_frame")}
    response = alice_client.post(url, {"assessed_on": "2026-12-04", **answers})
    assert "Ce champ est obligatoire" in response.content.decode()  # the fourth condition
    answers["socio_economic_model_level"] = 0
    alice_client.post(url, {"assessed_on": "2026-12-04", "mode": "self", **answers})
    (assessment,) = catalyst.assessments.all()
    by_key = {result.condition.key: result for result in assessment.results}
    assert by_key["positioning"].level_label == "En chantier"
    assert by_key["socio_economic_model"].to_work_on
    assert not by_key["governance"].to_work_on  # 1 of 0–2: the middle
    page = alice_client.get(catalyst.get_absolute_url()).content.decode()
    assert "4 décembre 2026" in page and "Pas encore abordé" in page


def test_an_external_evaluation_of_a_mature_catalyst_asks_what_each_answer_rests_on(
    alice_client,
):
    create(alice_client)
    catalyst = Catalyst.objects.get()
    url = reverse("catalysts:assessment", args=[catalyst.pk]) + "?mode=external"
    page = alice_client.get(url).content.decode()
    assert "Éprouvé, preuves à l&#x27;appui" in page and "Pas encore abordé" not in page
    levels = {
        f"{key}_level": 3
        for key in ("positioning", "socio_economic_model", "governance", "technical_frame")
    }
    response = alice_client.post(url, {"assessed_on": "2026-12-04", "mode": "external", **levels})
    assert response.status_code == 200 and not DurabilityAssessment.objects.exists()
    grounds = {
        f"{key}_grounds": "Conventions pluriannuelles"
        for key in ("positioning", "socio_economic_model", "governance", "technical_frame")
    }
    data = {"assessed_on": "2026-12-04", "mode": "external", "assessors": "Cabinet X"}
    alice_client.post(url, {**data, **levels, **grounds})
    assessment = DurabilityAssessment.objects.get()
    assert assessment.mode == "external" and assessment.stage == "mature"
    assert assessment.answers["governance"] == {"level": 3, "grounds": "Conventions pluriannuelles"}


def test_a_member_both_catalyst_and_operator_is_warned_about_citing_the_source(alice, alice_client):
    cooperation = make_cooperation(alice)
    animator = make_actor("Association d'animation")
    kitchen = make_actor("Cuisine centrale")
    member = make_member(cooperation, animator, roles=("catalyst",))
    make_member(cooperation, kitchen, roles=("operator",))
    page = alice_client.get(cooperation.get_absolute_url()).content.decode()
    assert "Catalyseur et opérateur à la fois" not in page
    block = BuildingBlock.objects.create(cooperation=cooperation, name="Légumerie")
    block.operators.add(member)
    page = alice_client.get(cooperation.get_absolute_url()).content.decode()
    assert "Catalyseur et opérateur à la fois" in page
    assert "Association d&#x27;animation" in page and "source §004" in page
    assert "Cuisine centrale :" not in page


def test_a_catalysts_profile_warns_when_its_structure_operates_where_it_catalyses(
    alice, alice_client
):
    cooperation = make_cooperation(alice)
    structure = make_actor("PTCE animateur")
    create(alice_client, kind="structure", actor=structure.pk, cooperations=[cooperation.pk])
    catalyst = Catalyst.objects.get()
    assert (
        "Catalyseur et opérateur"
        not in alice_client.get(catalyst.get_absolute_url()).content.decode()
    )
    make_member(cooperation, structure, roles=("operator",))
    page = alice_client.get(catalyst.get_absolute_url()).content.decode()
    assert "Catalyseur et opérateur à la fois" in page and "Écopôle alimentaire" in page
