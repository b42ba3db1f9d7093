"""Pages pass the axe-core accessibility rules (WCAG 2.1 A and AA) in a real browser."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission

from tests.browser.people import log_in
from tests.cooperations.factories import make_actor, make_cooperation, make_member
from tests.offers.factories import make_offer
from tests.personas import UserFactory

AXE = Path(__file__).parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [
    "/",
    "/territoires/?q=audruicq",
    "/territoires/epci:246200844/",
    "/territoires/projets/",
    "/territoires/projets/nouveau/",
    "/comptes/connexion/",
    "/comptes/inscription/",
    "/acteurs/?territoire=epci:246200844",
    "/acteurs/nouveau/",
    "/acteurs/import/",
    "/territoires/epci:246200844/diagnostic/",
    "/cooperations/",
    "/cooperations/nouvelle/",
    "/cooperations/ecopole/",
    "/cooperations/ecopole/membres/ajouter/",
    "/cooperations/ecopole/briques/ajouter/",
    "/cooperations/ecopole/relations/ajouter/",
    "/cooperations/ecopole/journal/ajouter/",
    "/cooperations/ecopole/acces/",
    "/cooperations/ecopole/publier/",
    "/offres/",
    "/offres/?territoire=departement:39&stage=emergence",
    "/offres/nouvelle/",
    "/offres/offre-test/",
    "/offres/offre-test/modifier/",
    "/cooperations/ecopole/offres/?exclues=1",
    "/territoires/epci:246200844/offres/",
    "/territoires/epci:246200844/offres/lacunes/",
    "/notifications/",
]


def violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


@pytest.mark.browser
def test_pages_have_no_accessibility_violations(geography, new_page, live_server):
    camille = UserFactory(username="camille")
    camille.user_permissions.add(Permission.objects.get(codename="import_actors"))
    ecopole = make_cooperation(camille, name="Écopôle")
    make_member(ecopole, make_actor("Légumerie"), roles=["operator"])
    camille.user_permissions.add(Permission.objects.get(codename="add_offer"))
    make_offer("Offre test", perimeter=["departement:39"], stages=["emergence"], by=camille)
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
    for url in PAGES:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        if problems := violations(page):
            found[url] = problems
    assert found == {}
