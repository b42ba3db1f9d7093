"""The cooperation's pages, as its members, readers and strangers use them."""

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from terreau.actors.models import Actor, ActorResource
from terreau.cooperations.models import AccessRole, Cooperation, JournalEntry, Relation
from terreau.cooperations.services import access_grant, cooperation_publish, relation_save
from terreau.territories.models import Commune
from tests.confirmation import CONFIRM
from tests.cooperations.factories import make_actor, make_cooperation, make_member
from tests.personas import UserFactory, client_for

pytestmark = pytest.mark.django_db

AUDRUICQ = "62057"


@pytest.fixture
def ecopole(alice):
    cooperation = make_cooperation(alice, name="Écopôle alimentaire")
    audruicq = Commune.objects.get(code=AUDRUICQ)
    legumerie = make_actor("Légumerie solidaire", commune=audruicq, life_functions=" food ")
    make_member(cooperation, legumerie, roles=["operator"])
    return cooperation


def test_creating_a_cooperation_on_a_territory(alice_client):
    response = alice_client.post(
        "/cooperations/nouvelle/",
        {
            "name": "La Butinerie",
            "aim": "Le bien-vivre alimentaire",
            "territory_ref": "commune:93055",
            "cooperation_type": "modelled",
            "models": ["tiers_lieu", "pat"],
            "economic_model": "hybrid",
            "carrier": "mixed",
            "stage": "creation",
            "legal_form": "scic",
            "started_on": "2020-01-01",
            "life_functions_list": ["food", "health"],
        },
    )
    cooperation = Cooperation.objects.get(slug="la-butinerie")
    assert response.url == "/cooperations/la-butinerie/"
    assert (cooperation.models, cooperation.life_functions) == (" tiers_lieu pat ", " food health ")
    assert (cooperation.life_functions, cooperation.stage, cooperation.is_public) == (
        " food health ",
        "creation",
        False,
    )
    page = alice_client.get(response.url)
    assert "La Butinerie" in page.content.decode()


def test_the_form_says_what_is_wrong(alice_client):
    response = alice_client.post(
        "/cooperations/nouvelle/",
        {"name": "X", "aim": "Y", "territory_ref": "commune:00000", "cooperation_type": "modelled"},
    )
    errors = response.context["form"].errors
    assert "territory_ref" in errors
    assert errors["models"] == ["Une coopération modélisée indique au moins un modèle."]
    assert not Cooperation.objects.exists()


def test_a_stranger_gets_404_on_every_page_of_a_private_cooperation(ecopole, charlie_client):
    slug = ecopole.slug
    member = ecopole.members.get()
    for url in [
        f"/cooperations/{slug}/",
        f"/cooperations/{slug}/modifier/",
        f"/cooperations/{slug}/membres/ajouter/",
        f"/cooperations/{slug}/membres/{member.pk}/",
        f"/cooperations/{slug}/briques/ajouter/",
        f"/cooperations/{slug}/relations/ajouter/",
        f"/cooperations/{slug}/journal/ajouter/",
        f"/cooperations/{slug}/acces/",
        f"/cooperations/{slug}/publier/",
    ]:
        assert charlie_client.get(url).status_code == 404, url
    deleted = charlie_client.post(f"/cooperations/{slug}/membre/{member.pk}/supprimer/", CONFIRM)
    assert deleted.status_code == 404
    assert ecopole.members.exists()
    assert "Écopôle" not in charlie_client.get("/cooperations/").content.decode()


def test_a_reader_sees_the_record_but_cannot_edit_it(ecopole, charlie, charlie_client):
    access_grant(cooperation=ecopole, user=charlie, role=AccessRole.READER)
    page = charlie_client.get(f"/cooperations/{ecopole.slug}/")
    assert page.status_code == 200
    assert "Légumerie solidaire" in page.content.decode()
    assert "Ajouter un membre" not in page.content.decode()
    for url in ["modifier/", "membres/ajouter/", "journal/ajouter/", "acces/"]:
        assert charlie_client.get(f"/cooperations/{ecopole.slug}/{url}").status_code == 403
    response = charlie_client.post(
        f"/cooperations/{ecopole.slug}/journal/ajouter/",
        {"happened_on": "2024-01-01", "kind": "decision", "title": "En douce"},
    )
    assert response.status_code == 403
    assert not ecopole.journal.filter(title="En douce").exists()


def test_a_contributor_edits_but_does_not_administer(ecopole, charlie, charlie_client):
    access_grant(cooperation=ecopole, user=charlie, role=AccessRole.CONTRIBUTOR)
    assert charlie_client.get(f"/cooperations/{ecopole.slug}/membres/ajouter/").status_code == 200
    assert charlie_client.get(f"/cooperations/{ecopole.slug}/acces/").status_code == 403
    assert charlie_client.get(f"/cooperations/{ecopole.slug}/publier/").status_code == 403


def test_a_catalyst_reaches_every_cooperation_they_accompany(alice):
    catalyst = UserFactory(username="catalyseur")
    first, second = make_cooperation(alice, name="Un"), make_cooperation(alice, name="Deux")
    make_cooperation(alice, name="Trois")
    for cooperation in (first, second):
        access_grant(cooperation=cooperation, user=catalyst, role=AccessRole.CONTRIBUTOR)
    page = client_for(catalyst).get("/cooperations/")
    assert [c.name for c in page.context["mine"]] == ["Deux", "Un"]


def test_adding_a_member_from_the_directory_or_created_on_the_fly(ecopole, alice_client):
    city = make_actor("Commune d'Audruicq", kind="local_authority")
    url = f"/cooperations/{ecopole.slug}/membres/ajouter/"
    response = alice_client.post(
        url,
        {"actor": city.pk, "roles_list": ["local_authority", "funder"], "joined_on": "2021-05-01"},
    )
    assert response.status_code == 302
    member = ecopole.members.get(actor=city)
    assert (member.roles, member.joined_on) == (" funder local_authority ", date(2021, 5, 1))
    alice_client.post(
        url,
        {
            "new_actor_name": "Collectif des jardins partagés",
            "new_actor_kind": "informal_group",
            "new_actor_commune": AUDRUICQ,
            "roles_list": ["partner"],
        },
    )
    collective = Actor.objects.get(name="Collectif des jardins partagés")
    assert (collective.siret, collective.is_public, collective.source) == ("", False, "manual")
    assert ecopole.members.filter(actor=collective).exists()
    again = alice_client.post(url, {"actor": city.pk, "roles_list": ["partner"]})
    assert again.context["form"].errors["actor"] == [
        "Cet acteur est déjà membre de la coopération."
    ]
    nothing = alice_client.post(url, {"roles_list": ["partner"]})
    assert nothing.context["form"].errors["actor"] == ["Choisissez un acteur ou créez-en un."]


def test_a_private_actor_of_someone_else_cannot_be_made_a_member(ecopole, alice_client, charlie):
    hidden = make_actor("Projet secret", created_by=charlie, is_public=False)
    response = alice_client.post(
        f"/cooperations/{ecopole.slug}/membres/ajouter/",
        {"actor": hidden.pk, "roles_list": ["partner"]},
    )
    assert "actor" in response.context["form"].errors
    assert not ecopole.members.filter(actor=hidden).exists()
    search = alice_client.get("/acteurs/choisir/", {"name": "actor", "actor-q": "secret"})
    assert "Projet secret" not in search.content.decode()


def test_the_picker_finds_actors_by_name(ecopole, alice_client):
    search = alice_client.get("/acteurs/choisir/", {"name": "actor", "actor-q": "legumerie"})
    assert 'type="radio" name="actor"' in search.content.decode()
    assert "Légumerie solidaire" in search.content.decode()


def test_blocks_show_which_issues_they_cover(ecopole, alice_client):
    operator = ecopole.members.get()
    alice_client.post(
        f"/cooperations/{ecopole.slug}/briques/ajouter/",
        {
            "name": "Légumerie",
            "status": "running",
            "life_functions_list": ["food"],
            "operators": [operator.pk],
        },
    )
    block = ecopole.blocks.get()
    assert list(block.operators.all()) == [operator]
    coverage = {
        row.life_function.value: [b.name for b in row.blocks]
        for row in alice_client.get(f"/cooperations/{ecopole.slug}/").context["coverage"]
    }
    assert coverage == {"food": ["Légumerie"], "work": []}


def test_recording_a_stage_change_in_the_journal_moves_the_stage(ecopole, alice_client):
    alice_client.post(
        f"/cooperations/{ecopole.slug}/journal/ajouter/",
        {
            "happened_on": "2024-03-01",
            "kind": "stage_change",
            "stage": "creation",
            "title": "La SCIC est créée",
            "members": [ecopole.members.get().pk],
        },
    )
    ecopole.refresh_from_db()
    assert ecopole.stage == "creation"
    entry = ecopole.journal.get(title="La SCIC est créée")
    assert entry.author_name == "alice"
    missing = alice_client.post(
        f"/cooperations/{ecopole.slug}/journal/ajouter/",
        {"happened_on": "2024-04-01", "kind": "stage_change", "title": "Sans étape"},
    )
    assert missing.context["form"].errors["stage"] == ["Indiquez l'étape atteinte."]


def test_a_friction_keeps_how_it_was_regulated(ecopole, alice_client):
    alice_client.post(
        f"/cooperations/{ecopole.slug}/journal/ajouter/",
        {
            "happened_on": "2023-02-01",
            "kind": "friction",
            "title": "Un circuit s'arrête",
            "regulation": "Un nouveau producteur a été trouvé",
        },
    )
    entry = ecopole.journal.get(kind=JournalEntry.Kind.FRICTION)
    assert entry.regulation == "Un nouveau producteur a été trouvé"
    page = alice_client.get(f"/cooperations/{ecopole.slug}/").content.decode()
    assert "Un nouveau producteur a été trouvé" in page


def test_relations_inside_a_cooperation(ecopole, alice_client):
    legumerie = ecopole.members.get().actor
    bank = make_actor("Banque solidaire", kind="funder")
    response = alice_client.post(
        f"/cooperations/{ecopole.slug}/relations/ajouter/",
        {"source": legumerie.pk, "kind": "funding", "target": bank.pk, "amount": "15000"},
    )
    assert response.status_code == 302
    relation = ecopole.relations.get()
    assert (relation.directed, relation.amount) == (True, 15000)
    same = alice_client.post(
        f"/cooperations/{ecopole.slug}/relations/ajouter/",
        {"source": legumerie.pk, "kind": "pooling", "target": legumerie.pk},
    )
    assert same.context["form"].errors["target"] == ["Une relation relie deux acteurs différents."]


def test_relations_outside_any_cooperation_are_private_to_their_author(
    alice, alice_client, charlie_client
):
    shop, farm = make_actor("Épicerie"), make_actor("Ferme", kind="company")
    response = alice_client.post(
        f"/acteurs/{shop.pk}/relations/ajouter/",
        {"source": shop.pk, "kind": "informal_exchange", "target": farm.pk},
    )
    assert response.status_code == 302
    relation = Relation.objects.get()
    assert (relation.source, relation.target, relation.cooperation) == (shop, farm, None)
    assert "Ferme" in alice_client.get(f"/acteurs/{shop.pk}/relations/").content.decode()
    assert "Ferme" not in charlie_client.get(f"/acteurs/{shop.pk}/relations/").content.decode()


def test_relations_recorded_in_a_private_cooperation_stay_private(ecopole, charlie_client):
    legumerie = ecopole.members.get().actor
    relation_save(
        relation=Relation(
            source=legumerie,
            target=make_actor("Mutuelle", kind="mutual"),
            kind="cooperation_agreement",
            cooperation=ecopole,
        )
    )
    fragment = charlie_client.get(f"/acteurs/{legumerie.pk}/relations/").content.decode()
    assert "Mutuelle" not in fragment


def test_publishing_shows_only_the_chosen_part(ecopole, alice, client, charlie_client):
    city = make_actor("Ville", kind="local_authority")
    make_member(ecopole, city, roles=["funder"])
    url = f"/cooperations/{ecopole.slug}/"
    assert client.get(url).status_code == 404
    alice_client = client_for(alice)
    alice_client.post(
        f"{url}publier/",
        {"public": "on", "public_members": [ecopole.members.get(actor=city).pk]},
    )
    ecopole.refresh_from_db()
    assert ecopole.is_public
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Nourrir le territoire ensemble" in text
    assert "Ville" in text
    assert "Légumerie solidaire" not in text  # member not chosen for the public page
    assert "Journal de la trajectoire" not in text
    assert charlie_client.get(f"{url}modifier/").status_code == 404
    cooperation_publish(cooperation=ecopole, public=False)
    assert client.get(url).status_code == 404


def test_access_management_keeps_one_administrator(ecopole, alice, alice_client, charlie):
    url = f"/cooperations/{ecopole.slug}/acces/"
    alice_client.post(url, {"username": "charlie", "role": "reader"})
    assert ecopole.role_of(charlie) == AccessRole.READER
    unknown = alice_client.post(url, {"username": "personne", "role": "reader"})
    assert unknown.context["form"].errors["username"] == ["Aucun compte « personne »."]
    alice_client.post(f"{url}{alice.pk}/retirer/")
    assert ecopole.role_of(alice) == AccessRole.ADMINISTRATOR
    alice_client.post(f"{url}{charlie.pk}/retirer/")
    assert ecopole.role_of(charlie) is None


def test_partner_suggestions_give_their_reasons(ecopole, alice_client):
    audruicq = Commune.objects.get(code=AUDRUICQ)
    legumerie = ecopole.members.get().actor
    ActorResource.objects.create(
        actor=legumerie, direction="need", kind="premises", description="une cuisine"
    )
    kitchen = make_actor("Lycée hôtelier", kind="public_body", commune=audruicq)
    ActorResource.objects.create(
        actor=kitchen, direction="offer", kind="premises", description="cuisine pédagogique"
    )
    farm = make_actor("Ferme bio", kind="company", commune=audruicq, life_functions=" food ")
    make_actor("Garage", kind="company", commune=audruicq, life_functions=" mobility ")
    make_actor("Ferme lointaine", kind="company", life_functions=" food ")  # no commune
    page = alice_client.get(f"/cooperations/{ecopole.slug}/")
    suggestions = page.context["suggestions"]
    assert [(s.actor, s.score) for s in suggestions] == [(kitchen, 3), (farm, 2)]
    assert [r.description for r in suggestions[0].resources] == ["cuisine pédagogique"]
    assert [f.value for f in suggestions[1].life_functions] == ["food"]


def test_export_then_import_from_the_web(ecopole, alice_client, charlie_client):
    export = alice_client.get(f"/cooperations/{ecopole.slug}/export.json")
    assert export["Content-Disposition"] == f'attachment; filename="{ecopole.slug}.json"'
    assert charlie_client.get(f"/cooperations/{ecopole.slug}/export.json").status_code == 404
    assert charlie_client.get(f"/api/v1/cooperations/{ecopole.slug}/export").status_code == 404
    document = export.content
    taken = alice_client.post(
        "/cooperations/importer/", {"file": SimpleUploadedFile("coop.json", document)}
    )
    assert any(error.path == "$.cooperation.slug" for error in taken.context["errors"])
    response = alice_client.post(
        "/cooperations/importer/",
        {"file": SimpleUploadedFile("coop.json", document), "slug": "ecopole-copie"},
    )
    assert response.url == "/cooperations/ecopole-copie/"
    copy = Cooperation.objects.get(slug="ecopole-copie")
    assert [m.actor for m in copy.members.all()] == [m.actor for m in ecopole.members.all()]
    again = alice_client.get("/cooperations/ecopole-copie/export.json").json()
    assert again["cooperation"] | {"slug": ecopole.slug} == json.loads(document)["cooperation"]


def test_an_invalid_document_is_refused_with_its_paths(alice_client):
    before = Cooperation.objects.count()
    broken = json.dumps({"format": "terreau-cooperation", "version": 1, "cooperation": {}})
    response = alice_client.post(
        "/cooperations/importer/", {"file": SimpleUploadedFile("x.json", broken.encode())}
    )
    assert response.status_code == 200
    assert {"$.cooperation.name", "$.cooperation.aim"} <= {
        e.path for e in response.context["errors"]
    }
    assert Cooperation.objects.count() == before
    not_json = alice_client.post(
        "/cooperations/importer/", {"file": SimpleUploadedFile("x.json", b"{oops")}
    )
    assert "ligne 1" in not_json.context["form"].errors["file"][0]


def test_members_reach_the_network_of_their_cooperation(ecopole, alice_client):
    page = alice_client.get(f"/cooperations/{ecopole.slug}/").content.decode()
    assert f'href="/reseau/cooperation/{ecopole.slug}/"' in page
    assert alice_client.get(f"/reseau/cooperation/{ecopole.slug}/").status_code == 200
