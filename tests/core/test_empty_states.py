"""An empty list says what is missing, with a decorative illustration that screen readers skip;
the way to start is offered once, and only to who may take it."""

import pytest

pytestmark = pytest.mark.django_db


def test_an_empty_cooperation_list_says_so_beside_the_one_way_to_start(alice_client, client):
    page = alice_client.get("/cooperations/").content.decode()
    assert 'class="empty-state"' in page and "Aucune coopération pour l'instant." in page
    assert 'aria-hidden="true"' in page.split('class="empty-state"')[1].split("</svg>")[0]
    # The page's own button is the way to start; the empty state does not repeat it.
    assert page.count('href="/cooperations/nouvelle/"') == 1
    anonymous = client.get("/cooperations/").content.decode()
    assert 'class="empty-state"' in anonymous
    assert 'href="/cooperations/nouvelle/"' not in anonymous


@pytest.mark.parametrize("url", ["/catalyseurs/", "/territoires/projets/", "/travaux/"])
def test_other_empty_lists_say_so_the_same_way(alice_client, url):
    assert 'class="empty-state"' in alice_client.get(url).content.decode()
