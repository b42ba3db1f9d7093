"""Pages pass the axe-core accessibility rules (WCAG 2.1 A and AA) in a real browser."""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from terreau.cooperations.models import JournalEntry
from terreau.cooperations.services import journal_attachment_add, journal_entry_save
from terreau.evaluation.models import IndicatorValue
from terreau.evaluation.services import indicator_follow_default, indicator_value_save
from terreau.territories.refs import resolve
from terreau.workspace.services import onboarding_finish
from tests.browser.axe import violations
from tests.browser.people import log_in
from tests.cooperations.factories import make_actor, make_cooperation, make_member
from tests.economy.factories import make_effect, make_resource
from tests.offers.factories import make_offer
from tests.personas import UserFactory

PAGES = [
    "/",
    "/territoires/?q=audruicq",
    "/territoires/epci:246200844/",
    "/territoires/projets/",
    "/territoires/projets/nouveau/",
    "/comptes/connexion/",
    "/comptes/inscription/",
    "/comptes/mot-de-passe/oublie/",
    "/comptes/mot-de-passe/oublie/envoye/",
    "/comptes/mot-de-passe/nouveau/fait/",
    "/acteurs/?territoire=epci:246200844",
    "/acteurs/nouveau/",
    "/acteurs/import/",
    "/territoires/epci:246200844/diagnostic/",
    "/territoires/epci:246200844/tableau-de-bord/",
    "/cooperations/",
    "/cooperations/nouvelle/",
    "/cooperations/ecopole/",
    "/cooperations/ecopole/membres/ajouter/",
    "/cooperations/ecopole/briques/ajouter/",
    "/cooperations/ecopole/relations/ajouter/",
    "/cooperations/ecopole/journal/ajouter/",
    "/cooperations/ecopole/acces/",
    "/cooperations/ecopole/publier/",
    "/cooperations/ecopole/monographie/",
    "/cooperations/ecopole/monographie/partie/origin/modifier/",
    "/economie/simulateurs/",
    "/economie/simulateurs/financement-participatif-abonde/",
    "/economie/simulateurs/fonds-territorial/",
    "/economie/simulateurs/economies-partagees/",
    "/offres/",
    "/offres/?territoire=departement:39&stage=emergence",
    "/offres/nouvelle/",
    "/offres/offre-test/",
    "/offres/offre-test/modifier/",
    "/cooperations/ecopole/economie/",
    "/cooperations/ecopole/economie/ressources/ajouter/",
    "/cooperations/ecopole/economie/charges/ajouter/",
    "/cooperations/ecopole/economie/effets/ajouter/",
    "/cooperations/ecopole/evaluation/",
    "/cooperations/ecopole/evaluation/ajouter/",
    "/cooperations/ecopole/?etiquette=small_victory",
    "/cooperations/ecopole/offres/?exclues=1",
    "/territoires/epci:246200844/offres/",
    "/territoires/epci:246200844/offres/lacunes/",
    "/notifications/",
    "/mon-espace/",
    "/mon-espace/bienvenue/",
    "/a-propos-des-donnees/",
    "/accessibilite/",
    "/mentions-legales/",
    "/catalyseurs/",
    "/catalyseurs/nouveau/",
]


def with_indicator_and_story(cooperation, user) -> list[str]:
    """An indicator with two values and a story with a quote and a photo; the addresses of the
    pages that edit them."""
    indicator = indicator_follow_default(cooperation=cooperation, key="members_engaged")
    for day, count in ((date(2022, 1, 1), 4), (date(2023, 1, 1), 9)):
        indicator_value_save(
            value=IndicatorValue(
                indicator=indicator, measured_on=day, value=Decimal(count), source="Présences"
            )
        )
    entry = journal_entry_save(
        entry=JournalEntry(
            cooperation=cooperation,
            happened_on=date(2022, 3, 15),
            kind="small_victory",
            title="Premier atelier",
        ),
        by=user,
        quotes=[("On a cuisiné ensemble.", "Une maman")],
    )
    photo = Path(__file__).parents[1] / "fixtures" / "stories" / "atelier.png"
    journal_attachment_add(
        entry=entry,
        upload=SimpleUploadedFile("atelier.png", photo.read_bytes()),
        description="Des parents en cuisine",
    )
    return [
        f"/cooperations/{cooperation.slug}/evaluation/{indicator.pk}/valeurs/ajouter/",
        f"/cooperations/{cooperation.slug}/journal/{entry.pk}/",
    ]


@pytest.mark.browser
def test_pages_have_no_accessibility_violations(
    geography, new_page, live_server, settings, tmp_path
):
    settings.TERREAU_ATTACHMENTS_DIR = tmp_path / "attachments"
    camille = UserFactory(username="camille")
    camille.user_permissions.add(Permission.objects.get(codename="import_actors"))
    onboarding_finish(user=camille, territory=resolve("epci:246200844"))
    ecopole = make_cooperation(camille, name="Écopôle")
    make_member(ecopole, make_actor("Légumerie"), roles=["operator"])
    camille.user_permissions.add(Permission.objects.get(codename="add_offer"))
    make_offer("Offre test", perimeter=["departement:39"], stages=["emergence"], by=camille)
    pages = PAGES + with_indicator_and_story(ecopole, camille)
    make_resource(ecopole, "Ventes", amount="1000.00", year=date.today().year)  # the monograph's
    make_effect(ecopole, "Prévention santé")  # economic section
    make_offer(
        "Fonds régional",
        kind="financing",
        perimeter=["region:32"],
        stages=["emergence"],
        funds_animation=True,
    )
    page = new_page()
    log_in(page, "camille")
    found = {}
    for url in pages:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        if problems := violations(page):
            found[url] = problems
    assert found == {}


@pytest.mark.browser
def test_account_pages_have_no_accessibility_violations(
    geography, new_page, live_server, settings, mailoutbox
):
    """The pages a visitor meets before being logged in: the password reset from the mail's link,
    signup with confirmation of the address, signup closed, a failed login, a locked login."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TERREAU_SITE_URL = live_server.url
    settings.TERREAU_SIGNUP_VERIFY_EMAIL = True
    UserFactory(username="camille")
    page = new_page()
    found = {}

    def check(name):
        page.wait_for_load_state("networkidle")
        if problems := violations(page):
            found[name] = problems

    page.goto("/comptes/mot-de-passe/oublie/")
    page.get_by_label("Adresse e-mail").fill("camille@example.org")
    page.get_by_role("button", name="Recevoir le lien").click()
    page.goto(re.search(r"http\S+", mailoutbox[-1].body)[0])
    check("password reset: new password")
    page.get_by_label(re.compile("^Nouveau mot de passe")).fill("un-autre-mot-de-passe-77")
    page.get_by_label("Confirmation du nouveau mot de passe").fill("un-autre-mot-de-passe-77")
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(page.get_by_role("heading", name="Mot de passe enregistré")).to_be_visible()

    page.goto("/comptes/inscription/")
    page.get_by_label("Nom d’utilisateur").fill("dominique")
    page.get_by_label("Adresse e-mail").fill("dominique@example.org")
    page.get_by_label(re.compile("^Mot de passe")).fill("un-autre-mot-de-passe-77")
    page.get_by_label("Confirmation du mot de passe").fill("un-autre-mot-de-passe-77")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", name="Vérifiez votre messagerie")).to_be_visible()
    check("signup: mail sent")
    page.goto(re.search(r"http\S+", mailoutbox[-1].body)[0])
    check("signup: confirm the address")

    settings.TERREAU_SIGNUP = "closed"
    page.goto("/comptes/inscription/")
    check("signup closed")

    page.goto("/comptes/connexion/")
    for attempt in range(10):
        page.get_by_label("Nom d’utilisateur").fill("camille")
        page.get_by_label("Mot de passe").fill("pas-le-bon")
        page.get_by_role("button", name="Se connecter").click()
        if attempt == 0:
            check("login: wrong password")
    expect(page.get_by_role("heading", name="Connexion temporairement bloquée")).to_be_visible()
    check("login: locked")
    assert found == {}


@pytest.mark.browser
def test_maturity_pages_have_no_accessibility_violations(geography, new_page, live_server):
    from terreau.maturity.services import accounts_invite, round_close
    from tests.maturity.factories import answer_by_link, make_round

    camille = UserFactory(username="camille")
    ecopole = make_cooperation(camille, name="Écopôle")
    closed = make_round(ecopole, camille, title="Tour 2025", admins_see_answers=True)
    for name, levels in [("A", (1, 2)), ("B", (3, 2)), ("C", (4, None))]:
        answer_by_link(closed, name, {"trust": (levels[0], f"avis {name}"), "sharing": levels[1]})
    round_close(maturity_round=closed)
    current = make_round(ecopole, camille, title="Tour 2026")
    accounts_invite(maturity_round=current, users=[camille])
    link = answer_by_link(current, "Marie", {"trust": 2})
    page = new_page()
    log_in(page, "camille")
    found = {}
    for url in [
        "/cooperations/ecopole/maturite/",
        "/cooperations/ecopole/maturite/nouveau/",
        closed.get_absolute_url(),
        current.get_absolute_url(),
        current.get_absolute_url() + "repondre/",
        link.get_link(),
    ]:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        if problems := violations(page):
            found[url] = problems
    assert found == {}
