"""A territory's récit and its plaidoyer pack, as alice (member of both cooperations, following the
territory), charlie (a stranger to them) and an anonymous visitor read them: the private
cooperation, its useful effects and its economic data never reach charlie or the public."""

import html
import re
from datetime import date

import pytest
from django.test import Client

from terreau.cli import main
from terreau.cooperations.models import Cooperation, JournalEntry
from terreau.cooperations.services import cooperation_publish, journal_entry_save
from terreau.demo import demo_load
from terreau.maturity.demo import DEMO_TERRITORY
from terreau.maturity.grids import TERRITORY, latest_version
from terreau.maturity.services import (
    answers_save,
    link_create,
    round_close,
    round_launch,
    round_publish,
)
from terreau.monographs.demo import RECIT_NARRATIVES
from terreau.monographs.models import Monograph
from terreau.monographs.services import (
    monograph_publish,
    monograph_section_save,
    recit_publish,
    recit_section_save,
)
from terreau.territories.follows import territory_follow
from terreau.territories.models import Commune
from terreau.territories.refs import resolve
from tests.cooperations.factories import make_actor, make_block, make_cooperation
from tests.economy.factories import (
    make_contribution,
    make_effect,
    make_under_funded_animation,
)
from tests.monographs.files import docx_headings, docx_text, needs_chromium, pdf_text
from tests.personas import client_for

pytestmark = pytest.mark.django_db

EPCI = "epci:246200844"
PAGE = f"/territoires/{EPCI}/recit/"
PLAIDOYER = f"/territoires/{EPCI}/plaidoyer.html"
SECRETS = ("Garage secret", "Trajets vers l'emploi", "Mairie d'Audruicq", "Atelier mobile")
TITLES = [
    "1. Le territoire et ses fonctions de vie",
    "2. Les coopérations qui y agissent",
    "3. Besoins non couverts",
    "4. Récits des coopérations",
    "5. Effets utiles",
    "6. Maturité coopérative du territoire",
    "7. Observatoire des financements",
]


@pytest.fixture
def territory(alice):
    """alice's published cooperation with a published monograph, and her private one with a
    useful effect (measured), multi-year and call-for-projects money and an under-funded
    animation; alice follows the territory."""
    public = make_cooperation(alice, name="Écopôle alimentaire", stage="creation")
    cooperation_publish(cooperation=public, public=True)
    make_block(public, name="Cuisine partagée", life_functions=" food ", status="running")
    monograph_section_save(
        cooperation=public,
        key="origin",
        narrative="Né d'un marché paysan sur la place.",
        version=0,
        by=alice,
    )
    monograph_publish(cooperation=public, public=True)
    private = make_cooperation(alice, name="Garage secret", models=" solidarity_garage ")
    make_block(private, name="Atelier mobile", life_functions=" mobility ", status="planned")
    mairie = make_actor(
        "Mairie d'Audruicq", kind="public_body", commune=Commune.objects.get(code="62057")
    )
    effect = make_effect(private, "Trajets vers l'emploi", evidence_level="measured")
    make_contribution(effect, mairie)
    make_under_funded_animation(private)
    journal_entry_save(
        entry=JournalEntry(
            cooperation=private,
            happened_on=date(2026, 3, 14),
            kind="small_victory",
            title="Premier vélo réparé",
        ),
        by=alice,
    )
    territory_follow(user=alice, territory=resolve(EPCI))
    return resolve(EPCI)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def test_an_unpublished_recit_is_read_by_its_writers_only(client, charlie, alice_client, territory):
    for visitor in (client, client_for(charlie)):
        response = visitor.get(PAGE)
        assert response.status_code == 404
        assert "Le récit de ce territoire n'est pas publié." in text_of(response)
        assert visitor.get(f"{PAGE}recit.docx").status_code == 404
    page = text_of(alice_client.get(PAGE))
    for title in TITLES:
        assert title in page
    assert "Garage secret" in page and "Trajets vers l'emploi" in page
    assert "Premier vélo réparé" in page  # her journal, in the members' version


def test_a_stranger_never_reads_a_private_cooperation(client, charlie, alice, territory):
    recit_section_save(
        territory=territory, key="stories", narrative="Ici on répare.", version=0, by=alice
    )
    recit_publish(territory=territory, public=True, by=alice)
    territory_follow(user=charlie, territory=territory)
    for visitor in (client, client_for(charlie)):
        for address in (PAGE, f"{PAGE}recit.html", PLAIDOYER):
            text = text_of(visitor.get(address))
            for secret in (*SECRETS, "Premier vélo réparé"):
                assert secret not in text, (address, secret)
        page = text_of(visitor.get(PAGE))
        assert "Écopôle alimentaire" in page and "Ici on répare." in page
        assert "Né d'un marché paysan sur la place." in page  # its published monograph
        docx = docx_text(visitor.get(f"{PAGE}recit.docx").content)
        assert "Écopôle alimentaire" in docx
        assert not any(secret in docx for secret in SECRETS)
    # charlie follows the territory but carries none of its cooperations: he may not write.
    response = client_for(charlie).post(
        f"{PAGE}partie/stories/modifier/", {"narrative": "Pirate", "version": 1}
    )
    assert response.status_code == 404
    assert client_for(charlie).post(f"{PAGE}publier/", {"public": "0"}).status_code == 404


def test_the_public_preview_hides_what_the_member_sees(alice_client, territory):
    page = text_of(alice_client.get(f"{PAGE}?apercu=public"))
    assert "Écopôle alimentaire" in page
    assert not any(secret in page for secret in SECRETS)
    assert "Version publique" in page


def test_narratives_round_trip_and_a_stale_form_keeps_the_text(alice_client, alice, territory):
    address = f"{PAGE}partie/territory/modifier/"
    response = alice_client.post(
        address, {"narrative": "Un marais,\n\ndes maraîchers.", "version": 0}
    )
    assert response.status_code == 302
    recit = Monograph.objects.get(territory_ref=EPCI)
    assert recit.cooperation is None and recit.created_by == alice
    assert recit.sections.get(key="territory").narrative == "Un marais,\n\ndes maraîchers."
    page = text_of(alice_client.get(PAGE))
    assert "<p>Un marais,</p><p>des maraîchers.</p>" in page.replace("</p> <p>", "</p><p>")
    stale = text_of(alice_client.post(address, {"narrative": "Autre texte", "version": 0}))
    assert "a modifié cette partie" in stale and "Autre texte" in stale
    assert recit.sections.get(key="territory").narrative == "Un marais,\n\ndes maraîchers."
    docx = alice_client.get(f"{PAGE}recit.docx").content
    assert docx_headings(docx) == TITLES
    assert "des maraîchers." in docx_text(docx)


def test_publishing_is_explicit(alice_client, alice, territory):
    recit_section_save(territory=territory, key="needs", narrative="x", version=0, by=alice)
    assert not Monograph.objects.get(territory_ref=EPCI).is_public
    assert alice_client.post(f"{PAGE}publier/", {"public": "1"}).status_code == 302
    assert Monograph.objects.get(territory_ref=EPCI).is_public
    assert Client().get(PAGE).status_code == 200


def test_the_pdf_goes_through_the_job(alice_client, territory):
    needs_chromium()
    response = alice_client.get(f"{PAGE}recit.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = re.sub(r"\s+", " ", pdf_text(response.content))
    assert "Le territoire et ses fonctions de vie" in text and "Garage secret" in text
    plaidoyer = alice_client.get(f"/territoires/{EPCI}/plaidoyer.pdf")
    assert plaidoyer["Content-Type"] == "application/pdf"


def test_the_member_plaidoyer_gathers_the_evidence(alice_client, territory):
    page = text_of(alice_client.get(PLAIDOYER))
    assert "Trajets vers l'emploi" in page and "Mesuré" in page
    # 6,000 multi-year of 10,000 public money; 4,000 of 10,000 from calls; 6,000 of 10,000
    # animation costs covered by earmarked resources.
    assert "60 %" in page.replace("\u202f", " ").replace("\xa0", " ")
    assert "sous-financée" in page
    assert "Offres ouvertes sur tout le territoire" in page
    assert "Par étape : Idéation (" in page  # no offer at all here: every profile lacks one


def test_the_public_plaidoyer_says_why_it_shows_no_economy(client, territory):
    page = text_of(client.get(PLAIDOYER))
    assert "réservé à ses membres" in page
    assert not any(secret in page for secret in SECRETS)


def test_cli_writes_the_recit_and_the_plaidoyer(territory, tmp_path):
    docx = tmp_path / "recit.docx"
    assert main(["monograph", "--territory", EPCI, "--format", "docx", "-o", str(docx)]) == 0
    assert docx_headings(docx.read_bytes()) == TITLES
    assert "Garage secret" in docx_text(docx.read_bytes())  # the operator reads everything
    public = tmp_path / "public.html"
    assert main(["monograph", "--territory", EPCI, "--public", "-o", str(public)]) == 0
    assert not any(secret in html.unescape(public.read_text()) for secret in SECRETS)
    pack = tmp_path / "plaidoyer.html"
    assert main(["plaidoyer", EPCI, "--public", "-o", str(pack)]) == 0
    assert "Trajets vers l'emploi" not in html.unescape(pack.read_text())
    assert main(["plaidoyer", EPCI, "-o", str(pack)]) == 0
    assert "Trajets vers l'emploi" in html.unescape(pack.read_text())
    assert main(["monograph", "--territory", "epci:000", "-o", str(pack)]) == 1


def test_title_and_authors_by_writers_only(alice_client, charlie, territory):
    response = alice_client.post(
        f"{PAGE}titre/", {"title": "Le marais qui coopère", "authors": "Alice et le collectif"}
    )
    assert response.status_code == 302
    page = text_of(alice_client.get(PAGE))
    assert "<h1>Le marais qui coopère</h1>" in page and "Auteurs : Alice et le collectif" in page
    refused = client_for(charlie).post(f"{PAGE}titre/", {"title": "Pirate", "authors": ""})
    assert refused.status_code == 404
    assert Monograph.objects.get(territory_ref=EPCI).title == "Le marais qui coopère"


def test_the_api_gives_the_recit_with_the_same_rules(client, charlie, alice_client, territory):
    api = f"/api/v1/territories/{EPCI}/recit"
    assert client.get(api).status_code == 404
    member = alice_client.get(api).json()
    assert [s["number"] for s in member["sections"]] == [1, 2, 3, 4, 5, 6, 7]
    assert "Garage secret" in str(member)
    assert "Garage secret" not in str(alice_client.get(f"{api}?public=true").json())
    recit_publish(territory=territory, public=True, by=None)
    for visitor in (client, client_for(charlie)):
        data = visitor.get(api).json()
        assert data["territory"] == EPCI and "Écopôle alimentaire" in str(data)
        assert not any(secret in str(data) for secret in SECRETS)


def test_the_observatory_section_keeps_statistical_secrecy(client, alice, territory):
    private = Cooperation.objects.get(name="Garage secret")
    private.observatory = True
    private.save(update_fields=["observatory"])
    recit_publish(territory=territory, public=True, by=alice)
    for address in (PAGE, f"{PAGE}?apercu=public"):
        page = text_of(client.get(address))
        section = page[page.index('id="observatory"') :]
        assert "1 coopération(s) du territoire partagent leurs données" in section
        assert "secret" in section  # one cooperation: below the threshold of three
        assert "10 000" not in section and "6 000" not in section


def territory_round(territory, by, title, levels, *, published, close=True):
    """A territory round on the maturity grid for territories, one personal link per level of
    `levels` answering every dimension at that level with a comment."""
    maturity_round = round_launch(
        territory=territory,
        by=by,
        title=title,
        closes_on=date(2026, 12, 31),
        grid_version=latest_version(TERRITORY),
    )
    for number, level in enumerate(levels, start=1):
        respondent = link_create(maturity_round=maturity_round, name=f"Personne {number}")
        answers_save(
            respondent=respondent,
            answers={
                dimension.key: (level, f"Commentaire nominatif {number}")
                for dimension in maturity_round.dimensions
            },
        )
    if close:
        round_close(maturity_round=maturity_round)
    round_publish(maturity_round=maturity_round, published=published)
    return maturity_round


def maturity_section(response) -> str:
    page = text_of(response)
    return page[page.index('id="maturity"') : page.index('id="observatory"')]


def test_the_maturity_section_shows_the_rounds_each_reader_may_see(
    client, alice, alice_client, charlie, territory
):
    """Published closed rounds for everyone, aggregates only; alice's unpublished round in her
    members' version only; an open round nowhere; fewer than three answers: no aggregate."""
    territory_round(territory, charlie, "Tour public", [2, 3, 4], published=True)
    territory_round(territory, alice, "Tour d'alice", [1, 1, 2], published=False)
    territory_round(territory, charlie, "Tour clairsemé", [4, 4], published=True)
    territory_round(territory, charlie, "Tour ouvert", [3, 3, 3], published=True, close=False)
    recit_publish(territory=territory, public=True, by=alice)

    member = maturity_section(alice_client.get(PAGE))
    assert "Tour public" in member and "Tour d'alice" in member and "non publiés" in member
    assert "moins de 3 réponses : non montrés" in member  # Tour clairsemé
    assert "Trajectoire : médianes des tours clôturés" in member
    for reader in (client, client_for(charlie), alice_client):
        address = PAGE if reader is not alice_client else f"{PAGE}?apercu=public"
        section = maturity_section(reader.get(address))
        assert "Tour public" in section and "Tour clairsemé" in section
        assert "Tour d'alice" not in section and "non publiés" not in section
        assert "Résultats par dimension" in section
    everywhere = [
        text_of(client.get(PAGE)),
        text_of(alice_client.get(PAGE)),
        docx_text(client.get(f"{PAGE}recit.docx").content),
        str(client.get(f"/api/v1/territories/{EPCI}/recit").json()),
    ]
    for text in everywhere:
        assert "Tour ouvert" not in text and "Commentaire nominatif" not in text
    assert "Tour d'alice" not in everywhere[2] + everywhere[3]


def test_without_a_visible_closed_round_the_section_says_so(client, alice, charlie, territory):
    territory_round(territory, charlie, "Tour privé de charlie", [2, 3, 4], published=False)
    recit_publish(territory=territory, public=True, by=alice)
    section = maturity_section(client.get(PAGE))
    assert "Aucun tour de maturité du territoire n'est clôturé et publié." in section
    assert "Tour privé de charlie" not in section
    member = maturity_section(client_for(alice).get(PAGE))
    assert "que vous pouvez voir n'est clôturé" in member


def test_the_demo_recit_is_published_with_the_territory_round(client):
    """`terreau demo load` writes and publishes the récit of the Écopôle's territory, once: a
    visitor reads its narratives (quoting §000), the Écopôle among the cooperations, and the
    illustrative territory round's aggregates."""
    demo_load()
    demo_load()
    recit = Monograph.objects.get(territory_ref=DEMO_TERRITORY)
    assert recit.is_public and recit.sections.count() == len(RECIT_NARRATIVES[DEMO_TERRITORY])
    page = text_of(client.get(f"/territoires/{DEMO_TERRITORY}/recit/"))
    assert "la légumerie n'est qu'une \"brique\"".casefold() in page.casefold()
    assert "Écopôle alimentaire d'Audruicq" in page[page.index('id="cooperations"') :]
    section = page[page.index('id="maturity"') : page.index('id="observatory"')]
    assert "Premier tour du territoire (réponses illustratives)" in section
    assert "Résultats par dimension" in section and "Tour illustratif" in section
