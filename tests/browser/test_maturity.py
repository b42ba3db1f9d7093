"""An administrator creates a personal link on the round's page; the invited person, without an
account, opens it, answers, comes back and changes an answer."""

import pytest
from playwright.sync_api import expect

from terreau.maturity.models import Respondent
from tests.browser.people import log_in
from tests.cooperations.factories import make_cooperation
from tests.maturity.factories import make_round
from tests.personas import UserFactory

pytestmark = pytest.mark.browser


def test_a_person_without_account_answers_through_a_personal_link(page, new_page, geography):
    camille = UserFactory(username="camille")
    ecopole = make_cooperation(camille, name="Écopôle")
    make_round(ecopole, camille, title="Tour 2026")
    log_in(page, "camille")
    page.goto("/cooperations/ecopole/")
    page.get_by_role("link", name="Maturité coopérative").click()
    page.get_by_role("link", name="Tour 2026").click()
    page.get_by_role("textbox", name="Pour qui").fill("Marie, épicerie solidaire")
    page.get_by_role("button", name="Créer le lien").click()
    expect(page.get_by_role("status")).to_contain_text("Lien personnel créé")
    link = page.get_by_role("textbox", name="Lien personnel de Marie, épicerie solidaire")
    address = link.input_value()

    marie = new_page()
    marie.goto(address)
    expect(marie.get_by_role("heading", level=1)).to_have_text("Maturité coopérative de Écopôle")
    trust = marie.get_by_role("group", name="Confiance")
    trust.get_by_label("2. Premiers pas", exact=False).check()
    trust.get_by_role("textbox", name="Commentaire (facultatif)").fill("Ça progresse")
    marie.get_by_role("group", name="Implication des habitants").get_by_label(
        "Je ne sais pas"
    ).check()
    marie.get_by_role("button", name="Enregistrer mes réponses").click()
    expect(marie.get_by_role("status")).to_contain_text("Réponses enregistrées")
    expect(marie.get_by_text("2 dimensions répondues sur 12.")).to_be_visible()

    marie.goto(address)
    trust = marie.get_by_role("group", name="Confiance")
    expect(trust.get_by_label("2. Premiers pas", exact=False)).to_be_checked()
    trust.get_by_label("3. En place", exact=False).check()
    marie.get_by_role("button", name="Enregistrer mes réponses").click()
    expect(marie.get_by_role("status")).to_contain_text("Réponses enregistrées")
    expect(marie.get_by_role("link", name="Maturité coopérative")).to_have_count(0)

    answers = Respondent.objects.get(name="Marie, épicerie solidaire").answers
    assert sorted(answers.values_list("dimension", "level", "comment")) == [
        ("inhabitants", None, ""),
        ("trust", 3, "Ça progresse"),
    ]
    assert marie.goto("/cooperations/ecopole/maturite/").url.endswith(
        "/comptes/connexion/?next=/cooperations/ecopole/maturite/"
    )
