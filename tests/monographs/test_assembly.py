"""The monograph assembled from a cooperation's record: the sections of the §001 grid in order,
their generated parts, and what each reader may see of them."""

import pytest

from terreau.cooperations.models import AccessRole
from terreau.cooperations.services import access_grant, cooperation_publish
from terreau.monographs.sections import SECTION_KEYS, Reader, build_monograph
from tests.monographs.factories import make_ecopole
from tests.personas import UserFactory

pytestmark = pytest.mark.django_db

GRID = [
    "origin",
    "room_for_manoeuvre",
    "unmet_needs",
    "social_innovation",
    "participation",
    "frictions",
    "cooperation_tools",
    "actor_network",
    "economic_model",
    "maturity",
    "indicators",
    "trajectory",
]


@pytest.fixture
def ecopole(alice):
    return make_ecopole(alice)


def sections_of(cooperation, reader) -> dict:
    return {s.key: s for s in build_monograph(cooperation, reader=reader).sections}


def text_of(section) -> str:
    """Everything a section shows from the record, flattened."""

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, list | tuple):
            for item in value:
                yield from strings(item)

    return " ".join(s for part in section.parts for v in vars(part).values() for s in strings(v))


def test_the_sections_follow_the_research_action_grid(ecopole, alice):
    monograph = build_monograph(ecopole, reader=Reader.of(ecopole, alice))
    assert [s.key for s in monograph.sections] == GRID == SECTION_KEYS
    assert [s.number for s in monograph.sections] == list(range(1, 13))
    assert monograph.sections[0].title == "Origine du projet"
    assert monograph.sections[0].questions == ["Commande publique ? Mobilisation citoyenne ?"]
    assert monograph.title == "Monographie : Écopôle"


def test_the_generated_parts_come_from_the_record(ecopole, alice):
    sections = sections_of(ecopole, Reader.of(ecopole, alice))
    origin = sections["origin"].parts
    assert origin[0].text == "Nourrir le territoire ensemble"
    assert origin[1].rows[0] == (
        "Origine",
        "portage mixte : commande publique et mobilisation citoyenne se rejoignent",
    )
    assert origin[2].items == ["Légumerie solidaire"]  # the member whose role is « porteur »

    tools = sections["cooperation_tools"].parts[1]
    # One funding of 12,000.50 € and one agreement of 3,000 €, summed exactly per kind.
    assert tools.rows == [
        ["Financement", "monétaire", "1", "12\xa0000,50 €"],
        ["Convention de coopération", "juridique", "1", "3\xa0000,00 €"],
    ]
    frictions = sections["frictions"].parts[0]
    assert frictions.rows == [
        [
            "01/02/2023",
            "Les maraîchers quittent la légumerie. Deux producteurs partent.",
            "Une réunion de médiation avec la communauté de communes.",
        ]
    ]
    network = sections["actor_network"].parts
    assert network[0].kind == "figure" and network[0].svg.count("<title>") == 3
    assert dict(network[1].rows)["Acteurs"] == "3" and dict(network[1].rows)["Relations"] == "2"
    # Density of 3 actors with one link between two of them: 1 / 3.
    assert dict(network[1].rows)["Densité"] == "0,33"
    needs = sections["unmet_needs"].parts
    assert needs[0].rows == [["Se nourrir, s'alimenter", "Légumerie"], ["Travailler", "Légumerie"]]
    assert [item.split(" — ")[0] for item in needs[1].items] == [
        "Légumes frais pour les cantines",
        "Emplois en insertion",
    ]
    sectors = dict(sections["social_innovation"].parts[1].rows)
    assert sectors == {
        "Parties prenantes : secteur Public": "1",
        "Parties prenantes : secteur ESS": "1",
        "Parties prenantes : secteur Citoyen": "1",
    }
    trajectory = sections["trajectory"].parts
    assert trajectory[0].rows == [["01/03/2021", "Émergence", "Étape : Émergence"]]
    assert trajectory[1].items == [
        "01/06/2023 — Premiers repas servis à la cantine (petite victoire)"
    ]


def test_sections_of_apps_still_to_come_say_nothing_is_recorded(ecopole, alice):
    sections = sections_of(ecopole, Reader.of(ecopole, alice))
    assert [p.kind for p in sections["economic_model"].parts] == ["facts", "missing"]
    assert sections["economic_model"].parts[0].rows == [("Modèle économique", "Hybride")]
    assert [p.kind for p in sections["maturity"].parts] == ["missing"]
    assert [p.kind for p in sections["indicators"].parts] == ["facts", "missing"]


def test_a_reader_does_not_see_a_private_need_of_someone_else(ecopole):
    bob = UserFactory(username="bob")
    access_grant(cooperation=ecopole, user=bob, role=AccessRole.READER)
    sections = sections_of(ecopole, Reader.of(ecopole, bob))
    assert "Légumes frais pour les cantines" in text_of(sections["unmet_needs"])
    assert "Emplois en insertion" not in text_of(sections["unmet_needs"])
    assert "12\xa0000,50 €" in text_of(sections["cooperation_tools"])  # the record is theirs


def test_the_public_reads_only_the_published_data(ecopole):
    legumerie = ecopole.members.get(actor__name="Légumerie solidaire")
    cooperation_publish(cooperation=ecopole, public=True, public_members=[legumerie])
    monograph = build_monograph(ecopole, reader=Reader.public())
    everything = " ".join(text_of(s) for s in monograph.sections)
    assert "Légumerie solidaire" in everything
    for private in (
        "Conseil municipal de Polincove",  # a member not shown on the public page
        "Collectif des habitants",
        "Emplois en insertion",  # a private need
        "médiation",  # the journal
        "12\xa0000",  # relations and amounts
        "Hybride",  # the economic fields
    ):
        assert private not in everything, private
    assert monograph.public_view
    keys = {s.key: s for s in monograph.sections}
    assert keys["frictions"].parts == keys["actor_network"].parts == []
    assert dict(monograph.identity.rows).keys() == {"Visée", "Territoire", "Typologie", "Étape"}
