"""`NetworkRevision`, the counter of edits in place that `network.cache.data_version` reads: a
relation, a membership or an access changed without any count or greatest identifier changing.
Kept apart from `network.cache` so that connecting its receivers at start-up imports no job."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save

from terreau.cooperations.models import CooperationAccess, Member, Relation
from terreau.network.models import NetworkRevision


def revision() -> int:
    value = NetworkRevision.objects.filter(pk=1).values_list("value", flat=True).first()
    return value or 0


def revision_raise(created: bool = False, **_kwargs) -> None:
    """Signal receiver; a new row changes the counts already."""
    if created:
        return
    if not NetworkRevision.objects.filter(pk=1).update(value=F("value") + 1):
        try:
            with transaction.atomic():
                NetworkRevision.objects.create(pk=1, value=1)
        except IntegrityError:  # created meanwhile
            NetworkRevision.objects.filter(pk=1).update(value=F("value") + 1)


def watch() -> None:
    for model in (Relation, Member, CooperationAccess):
        name = model._meta.label
        post_save.connect(revision_raise, sender=model, dispatch_uid=f"network-save-{name}")
        post_delete.connect(revision_raise, sender=model, dispatch_uid=f"network-delete-{name}")
