"""Following offers: a user subscribes a cooperation to the new offers that match it, and is
notified in Terreau, then by e-mail in a daily digest (when mail is configured; Django's console
backend by default).

`offers_published(offers)` is the one entry point: call it with the offers that have just become
published — created as published, or moved to published — wherever that happens (the import
calls it; the edit form must too). Once the transaction commits, it queues
`notify_published_offers`, which a worker runs (`core.jobs`' queue, `terreau jobs worker`):
matching the offers against every followed cooperation is no work for a web request.
`notify_new_offers` matches them against the followed cooperations only, with the rule of
`criteria.py`, and notifies each subscriber once per offer and cooperation.

`digest_send()` (`terreau offers digest`, run daily) e-mails each person the notifications not
yet e-mailed, on the cooperations they may still read.
"""

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from terreau.cooperations.models import Cooperation, CooperationAccess
from terreau.offers.criteria import matcher
from terreau.offers.matching import offer_facts, profiles_of
from terreau.offers.models import Notification, Offer, OfferSubscription


def subscription_set(*, cooperation: Cooperation, user, follow: bool) -> bool:
    """Follow (or stop following) a cooperation's new matching offers; True when following."""
    if follow:
        OfferSubscription.objects.get_or_create(cooperation=cooperation, user=user)
    else:
        OfferSubscription.objects.filter(cooperation=cooperation, user=user).delete()
    return follow


def active_subscriptions():
    """Subscriptions whose user may still read the cooperation (access given, or staff)."""
    granted = CooperationAccess.objects.filter(
        cooperation=OuterRef("cooperation"), user=OuterRef("user")
    )
    return OfferSubscription.objects.filter(Q(Exists(granted)) | Q(user__is_staff=True))


@transaction.atomic
def notify_new_offers(offers, *, day=None) -> list[Notification]:
    """Notify the followers of every cooperation that one of `offers` (Offer instances or ids,
    just published) fits; returns the notifications created. An offer already notified for a
    cooperation is not notified again."""
    day = day or timezone.localdate()
    ids = [getattr(offer, "pk", offer) for offer in offers]
    facts = offer_facts(Offer.objects.filter(pk__in=ids).open_on(day))
    subscriptions = active_subscriptions()
    followers: dict[int, list[int]] = defaultdict(list)
    for cooperation_id, user_id in subscriptions.values_list("cooperation_id", "user_id"):
        followers[cooperation_id].append(user_id)
    if not facts or not followers:
        return []
    already = set(
        Notification.objects.filter(offer_id__in=ids).values_list(
            "user_id", "cooperation_id", "offer_id"
        )
    )
    new = []
    for profile in profiles_of(Cooperation.objects.filter(pk__in=followers)):
        judge = matcher(profile, day)
        for offer in facts:
            match = judge(offer)
            if match.eligible:
                new += [
                    Notification(
                        user_id=user_id,
                        cooperation_id=profile.id,
                        offer_id=offer.id,
                        score=match.score,
                    )
                    for user_id in followers[profile.id]
                    if (user_id, profile.id, offer.id) not in already
                ]
    return Notification.objects.bulk_create(new)


def offers_published(offers) -> None:
    """The offers (instances or ids) have just been published: once the transaction commits,
    queue the notification of their followers (a worker runs it)."""
    ids = sorted({getattr(offer, "pk", offer) for offer in offers})
    if not ids:
        return
    day = timezone.localdate().isoformat()
    transaction.on_commit(lambda: notify_published_offers.enqueue(ids, day))


@task()
def notify_published_offers(offer_ids: list[int], day: str) -> int:
    """What the worker runs for `offers_published`: how many notifications it created."""
    return len(notify_new_offers(offer_ids, day=date.fromisoformat(day)))


def digest_send() -> int:
    """The daily digest: one e-mail per person listing their notifications not yet e-mailed, on
    the cooperations they may still read (access given, or staff); people without an address
    are skipped. Returns how many e-mails were sent."""
    still_read = active_subscriptions().filter(
        cooperation=OuterRef("cooperation"), user=OuterRef("user")
    )
    pending = Notification.objects.filter(emailed_at__isnull=True).filter(Exists(still_read))
    return _email(pending.exclude(user__email=""))


def _email(notifications) -> int:
    """One email per user listing their new matches."""
    by_user = defaultdict(list)
    notifications = notifications.select_related("user", "cooperation", "offer")
    for notification in notifications.order_by("cooperation__name", "-score", "offer__name"):
        by_user[notification.user].append(notification)
    site = settings.TERREAU_SITE_URL.rstrip("/")
    for user, items in by_user.items():
        with translation.override(settings.LANGUAGE_CODE):
            subject = ngettext(
                "Terreau : %(count)s nouvelle offre correspond à vos coopérations",
                "Terreau : %(count)s nouvelles offres correspondent à vos coopérations",
                len(items),
            ) % {"count": len(items)}
            lines = [
                _("%(offer)s pour %(cooperation)s (adéquation %(score)s/100) : %(url)s")
                % {
                    "offer": n.offer.name,
                    "cooperation": n.cooperation.name,
                    "score": n.score,
                    "url": site + reverse("offers:cooperation_offers", args=[n.cooperation.slug]),
                }
                for n in items
            ]
            body = "\n".join(
                [
                    *lines,
                    "",
                    _("Toutes vos notifications : %(url)s")
                    % {"url": site + reverse("offers:notifications")},
                ]
            )
        send_mail(subject, body, None, [user.email])
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=timezone.now())
    return len(by_user)


def notifications_mark_read(*, user, ids=None) -> int:
    """Mark the user's notifications read (all, or those of `ids`); returns how many."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
