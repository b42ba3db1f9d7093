"""A network's plaidoyer pack (a tête de réseau, its members and their cooperations across
territories), as alice (administrator of a private cooperation of the network), charlie (a
stranger to it) and an anonymous visitor read it: the private cooperation, its useful effects,
its economic data and its territory never reach charlie or the public; a private member never
shows; a network actor one may not see, or an actor that is no network, answers a 404."""

import html
import re
from datetime import date

import pytest
from django.test import Client

from terreau.cli import main
from terreau.cooperations.services import cooperation_publish
from tests.cooperations.factories import make_actor, make_cooperation, make_member
from tests.economy.factories import make_effect, make_under_funded_animation
from tests.monographs.files import needs_chromium, pdf_text
from tests.network.factories import make_relation
from tests.personas import client_for

pytestmark = pytest.mark.django_db

SIREN = "123456789"
SECRETS = ("Garage secret", "Trajets vers l'emploi", "CC de la Région d'Audruicq", "Membre caché")


@pytest.fixture
def network(alice):
    """The Réseau des fabriques (public) with two public members and one member tied by alice's
    private relation; a published cooperation in Pantin with a published membership of a member,
    alice's private cooperation in the CC de la Région d'Audruicq with another member, its
    measured useful effect, money and under-funded animation; and a cooperation out of the
    network."""
    head = make_actor("Réseau des fabriques", kind="network", is_public=True, siren=SIREN)
    cluster = make_actor("Cluster des fabriques", is_public=True)
    pole = make_actor("Pôle d'appui", is_public=True)
    hidden = make_actor("Membre caché", is_public=True)
    outsider = make_actor("Voisin sans réseau", is_public=True)
    make_relation(cluster, head, "network_membership", is_public=True, directed=True)
    make_relation(pole, head, "network_membership", is_public=True, directed=True)
    make_relation(hidden, head, "network_membership", by=alice, directed=True)
    # Neither the federation the network itself joins nor a member that has left is a member.
    federation = make_actor("Fédération nationale", kind="network")
    make_relation(head, federation, "network_membership", is_public=True, directed=True)
    former = make_actor("Ancien membre")
    make_relation(
        former,
        head,
        "network_membership",
        is_public=True,
        directed=True,
        started_on=date(2015, 1, 1),
        ended_on=date(2020, 1, 1),
    )

    public = make_cooperation(alice, name="Fabrique commune", territory_ref="commune:93055")
    cooperation_publish(cooperation=public, public=True)
    make_member(public, cluster, is_public=True)

    private = make_cooperation(alice, name="Garage secret", models=" solidarity_garage ")
    make_member(private, pole)
    make_effect(private, "Trajets vers l'emploi", evidence_level="measured")
    make_under_funded_animation(private)

    elsewhere = make_cooperation(alice, name="Hors réseau", territory_ref="commune:93055")
    cooperation_publish(cooperation=elsewhere, public=True)
    make_member(elsewhere, outsider, is_public=True)
    return head


def text_of(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def address(actor, file_format="html") -> str:
    return f"/acteurs/{actor.pk}/plaidoyer.{file_format}"


def test_a_member_reads_the_evidence_of_the_whole_network(alice_client, network):
    page = text_of(alice_client.get(address(network)))
    assert "Plaidoyer : Réseau des fabriques" in page
    assert "Cluster des fabriques, Membre caché, Pôle d'appui" in page  # her private relation
    assert "Fabrique commune, Garage secret" in page
    assert "Hors réseau" not in page
    assert "Fédération nationale" not in page and "Ancien membre" not in page
    assert "Trajets vers l'emploi" in page and "Mesuré" in page
    # 6,000 multi-year of 10,000 public money; 6,000 of 10,000 animation costs covered.
    assert "60 %" in page.replace("\u202f", " ").replace("\xa0", " ")
    assert "sous-financée" in page
    # The offers' gaps of both territories where the network's cooperations act.
    assert "3. Ce qui manque dans les offres des territoires du réseau" in page
    assert "<h3>Pantin</h3>" in page and "<h3>CC de la Région d'Audruicq</h3>" in page


@pytest.mark.parametrize("who", ["charlie", "anonymous"])
def test_a_stranger_reads_only_what_is_published(who, charlie, network):
    visitor = client_for(charlie) if who == "charlie" else Client()
    page = text_of(visitor.get(address(network)))
    assert not any(secret in page for secret in SECRETS)
    assert "Cluster des fabriques, Pôle d'appui" in page
    assert "Coopérations du réseau : Fabrique commune." in page
    assert "<h3>Pantin</h3>" in page
    assert "réservé à ses membres" in page  # no economic model without a readable record


def test_a_private_network_or_an_actor_that_is_no_network_answers_404(
    client, alice, alice_client, charlie, network
):
    private = make_actor("Réseau discret", kind="network", created_by=alice, is_public=False)
    association = make_actor("Association voisine", is_public=True)
    assert alice_client.get(address(private)).status_code == 200
    for visitor in (client, client_for(charlie)):
        assert visitor.get(address(private)).status_code == 404
    assert client.get(address(association)).status_code == 404
    assert client.get(f"/acteurs/{network.pk}/plaidoyer.docx").status_code == 404
    assert client.get("/acteurs/999999/plaidoyer.html").status_code == 404


def test_the_actor_page_links_a_network_to_its_plaidoyer(client, network):
    link = address(network)
    assert link in client.get(f"/acteurs/{network.pk}/").content.decode()
    association = make_actor("Association voisine", is_public=True)
    assert "plaidoyer" not in client.get(f"/acteurs/{association.pk}/").content.decode()


def test_the_pdf_goes_through_the_job(alice_client, network):
    needs_chromium()
    response = alice_client.get(address(network, "pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = re.sub(r"\s+", " ", pdf_text(response.content))
    assert "Réseau des fabriques" in text and "Trajets vers l" in text


def test_cli_writes_the_network_pack(network, tmp_path):
    pack = tmp_path / "plaidoyer.html"
    assert main(["plaidoyer", "--network", str(network.pk), "-o", str(pack)]) == 0
    assert "Trajets vers l'emploi" in html.unescape(pack.read_text())  # the operator
    assert main(["plaidoyer", "--network", SIREN, "--public", "-o", str(pack)]) == 0
    public = html.unescape(pack.read_text())
    assert "Réseau des fabriques" in public
    assert not any(secret in public for secret in SECRETS)
    assert "seuls les manques d'offres des territoires du réseau figurent ici" in public
    assert main(["plaidoyer", "--network", SIREN, "--language", "en", "-o", str(pack)]) == 0
    assert "Members of the network:" in html.unescape(pack.read_text())
    assert main(["plaidoyer", "--network", "999999", "-o", str(pack)]) == 1
    assert main(["plaidoyer", "--network", "abc", "-o", str(pack)]) == 1
    assert main(["plaidoyer", "epci:246200844", "--network", SIREN, "-o", str(pack)]) == 1
    assert main(["plaidoyer", "-o", str(pack)]) == 1
