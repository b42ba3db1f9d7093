"""The private-by-default rule: what a person may not see is exactly what they may not see, down to
a private row whose author's account is gone (no owner), which SQL's NULL could let slip."""

import pytest
from django.contrib.auth.models import AnonymousUser

from terreau.actors.models import Actor, Source

pytestmark = pytest.mark.django_db


def test_hidden_rows_are_exactly_those_a_person_may_not_see(alice, charlie, ada):
    def actor(name, *, is_public, created_by=None):
        return Actor.objects.create(
            name=name,
            search_name=name,
            kind="association",
            source=Source.MANUAL,
            is_public=is_public,
            created_by=created_by,
        )

    public = actor("public", is_public=True)
    alices = actor("alice's", is_public=False, created_by=alice)
    charlies = actor("charlie's", is_public=False, created_by=charlie)
    ownerless = actor("ownerless", is_public=False)

    assert set(Actor.objects.hidden_from(alice)) == {charlies, ownerless}
    assert set(Actor.objects.hidden_from(AnonymousUser())) == {alices, charlies, ownerless}
    assert not Actor.objects.hidden_from(ada).exists()  # staff
    assert not Actor.objects.hidden_from(None).exists()  # the operator
    for user in (alice, charlie, ada, None, AnonymousUser()):
        hidden, visible = set(Actor.objects.hidden_from(user)), set(Actor.objects.visible_to(user))
        assert hidden | visible == {public, alices, charlies, ownerless}
        assert not hidden & visible
