"""Territory maturity in the browser: a person launches a round from the territory's page, creates
a personal link; a stranger does not see it; once closed and published, anyone sees its aggregated
results; an invited account finds the round in Mon espace and answers from there. Every page
fits a 390 px phone and passes axe."""

import pytest
from playwright.sync_api import expect

from terreau.maturity.services import accounts_invite, round_close, round_publish
from tests.browser.axe import violations
from tests.browser.people import log_in
from tests.maturity.factories import answer_by_link
from tests.maturity.factories_territory import TERRITORY_REF, make_territory_round
from tests.personas import UserFactory, onboarded

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
WIDTHS = [1280, 390]


def check_page(page, found: dict) -> None:
    """axe at desktop and phone widths, and the page fits a 390 px screen."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 844})
        page.wait_for_load_state("networkidle")
        if problems := violations(page):
            found[f"{page.url} at {width} px"] = problems
        if (extra := page.evaluate("document.documentElement.scrollWidth - innerWidth")) > 0:
            found[f"{page.url} at {width} px is too wide"] = extra


def test_a_person_launches_a_territory_round_a_stranger_does_not_see_it(page, new_page, geography):
    UserFactory(username="camille")
    UserFactory(username="dominique")
    log_in(page, "camille")
    page.goto(f"/territoires/{TERRITORY_REF}/")
    page.get_by_role("link", name="Maturité coopérative du territoire").click()
    page.get_by_role("link", name="Lancer un tour sur ce territoire").click()
    page.get_by_role("textbox", name="Titre").fill("Maturité 2026")
    page.get_by_label("Date de clôture").fill("2099-12-31")
    page.get_by_role("button", name="Lancer le tour").click()
    expect(page.get_by_role("status")).to_contain_text("Tour lancé")
    expect(page.get_by_role("heading", level=1)).to_have_text("Maturité 2026")
    page.get_by_role("textbox", name="Pour qui").fill("Marie, épicerie solidaire")
    page.get_by_role("button", name="Créer le lien").click()
    expect(page.get_by_role("status")).to_contain_text("Lien personnel créé")
    address = page.get_by_role("textbox", name="Lien personnel de Marie").input_value()
    round_url = page.url

    marie = new_page()
    marie.goto(address)
    expect(marie.get_by_role("heading", level=1)).to_contain_text(
        "Maturité coopérative du territoire"
    )
    expect(marie.get_by_role("group")).to_have_count(9)

    stranger = new_page()
    log_in(stranger, "dominique")
    stranger.goto(f"/territoires/{TERRITORY_REF}/maturite/")
    expect(stranger.get_by_text("Aucun tour que vous puissiez voir")).to_be_visible()
    expect(stranger.get_by_text("Maturité 2026")).to_have_count(0)
    assert stranger.goto(round_url).status == 404


def test_territory_maturity_pages_fit_a_phone_and_pass_axe(new_page, geography, live_server):
    camille = UserFactory(username="camille")
    closed = make_territory_round(camille, title="Territoire 2025", admins_see_answers=True)
    for name, level in [("A", 1), ("B", 3), ("C", 4)]:
        answer_by_link(closed, name, {"catalyst": (level, f"avis {name}"), "scales": level})
    round_close(maturity_round=closed)
    second = make_territory_round(camille, title="Territoire 2026")
    for name, level in [("A", 2), ("B", 3), ("C", 4)]:
        answer_by_link(second, name, {"catalyst": level, "scales": level})
    round_close(maturity_round=second)
    round_publish(maturity_round=second, published=True)
    current = make_territory_round(camille, title="Territoire 2027")
    accounts_invite(maturity_round=current, users=[camille])
    link = answer_by_link(current, "Marie", {"catalyst": 2})

    page = new_page()
    log_in(page, "camille")
    page.set_viewport_size(PHONE)
    too_wide, found = {}, {}
    pages = [
        f"/territoires/{TERRITORY_REF}/maturite/",
        f"/maturite/territoires/nouveau/?territoire={TERRITORY_REF}",
        closed.get_absolute_url(),
        second.get_absolute_url(),
        current.get_absolute_url(),
        current.answer_url(),
        link.get_link(),
    ]
    for url in pages:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        if (extra := page.evaluate("document.documentElement.scrollWidth - innerWidth")) > 0:
            too_wide[url] = extra
        if problems := violations(page):
            found[url] = problems
    page.goto(second.get_absolute_url())
    expect(
        page.get_by_role("heading", name="Trajectoire : médianes des tours clôturés")
    ).to_be_visible()
    expect(page.get_by_text("avis A")).to_have_count(0)  # the 2026 round has no comment

    anonymous = new_page()
    anonymous.set_viewport_size(PHONE)
    anonymous.goto(second.get_absolute_url())
    expect(
        anonymous.get_by_role("table", name="Résultats par dimension (niveaux de 1 à 4)")
    ).to_be_visible()
    expect(anonymous.get_by_role("heading", name="Commentaires")).to_have_count(0)
    if problems := violations(anonymous):
        found["anonymous published round"] = problems
    assert "/comptes/connexion/?next=" in anonymous.goto(closed.get_absolute_url()).url
    assert too_wide == {}, "pages wider than a 390 px screen (extra pixels)"
    assert found == {}


def test_an_invited_account_answers_from_mon_espace(new_page, geography):
    camille = onboarded(UserFactory(username="camille"))
    onboarded(UserFactory(username="dominique"))
    maturity_round = make_territory_round(camille, title="Maturité 2026")
    found = {}

    page = new_page()
    log_in(page, "camille")
    page.goto("/mon-espace/")
    rounds = page.get_by_role("region", name="Mes tours de maturité de territoire")
    expect(rounds).to_contain_text("Vous administrez ce tour (réponses : 0 sur 0)")
    check_page(page, found)
    # Another spelling of the territory's reference leads to the round's canonical address.
    page.goto(maturity_round.get_absolute_url().replace("epci:", "EPCI:"))
    assert page.url.endswith(maturity_round.get_absolute_url())
    page.set_viewport_size({"width": 1280, "height": 844})
    page.get_by_role("textbox", name="Identifiant du compte").fill("dominiqe")
    page.get_by_role("button", name="Inviter", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Aucun compte n'a l'identifiant « dominiqe »")
    check_page(page, found)
    page.get_by_role("textbox", name="Identifiant du compte").fill("dominique")
    page.get_by_role("button", name="Inviter", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("dominique est invité·e")

    dominique = new_page()
    log_in(dominique, "dominique")
    dominique.goto("/mon-espace/")
    rounds = dominique.get_by_role("region", name="Mes tours de maturité de territoire")
    expect(rounds).to_contain_text("Maturité 2026")
    expect(rounds).to_contain_text("votre réponse est attendue avant le")
    check_page(dominique, found)
    dominique.set_viewport_size(PHONE)
    rounds.get_by_role("link", name="Répondre au questionnaire — Maturité 2026").click()
    expect(dominique.get_by_role("group")).to_have_count(9)
    dominique.get_by_role("group").first.get_by_role("radio").first.check()
    dominique.get_by_role("button", name="Enregistrer mes réponses").click()
    expect(dominique.get_by_role("status")).to_contain_text("Réponses enregistrées")
    dominique.goto("/mon-espace/")
    expect(rounds.get_by_role("link", name="Modifier mes réponses — Maturité 2026")).to_be_visible()

    page.goto("/mon-espace/")
    expect(rounds_of(page)).to_contain_text("réponses : 1 sur 1")
    assert found == {}


def rounds_of(page):
    return page.get_by_role("region", name="Mes tours de maturité de territoire")
