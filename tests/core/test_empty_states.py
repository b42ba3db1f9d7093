"""An empty list says what is missing and where to start, with a decorative illustration that
screen readers skip; the way to start is offered only to who may take it."""

import pytest

pytestmark = pytest.mark.django_db


def test_an_empty_cooperation_list_offers_to_create_one_to_a_person_who_may(alice_client, client):
    page = alice_client.get("/cooperations/").content.decode()
    assert 'class="empty-state"' in page and "Aucune coopération pour l'instant." in page
    assert 'aria-hidden="true"' in page.split('class="empty-state"')[1].split("</svg>")[0]
    assert 'href="/cooperations/nouvelle/">Créer une coopération</a>' in page
    anonymous = client.get("/cooperations/").content.decode()
    assert 'class="empty-state"' in anonymous
    assert 'class="button" href="/cooperations/nouvelle/"' not in anonymous


@pytest.mark.parametrize("url", ["/catalyseurs/", "/territoires/projets/", "/travaux/"])
def test_other_empty_lists_say_so_the_same_way(alice_client, url):
    assert 'class="empty-state"' in alice_client.get(url).content.decode()
