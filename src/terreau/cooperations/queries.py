"""Reads of a cooperation's record for its pages, the API and the CLI."""

from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from terreau.actors.models import Actor, ActorResource
from terreau.cooperations.models import Cooperation
from terreau.core.taxonomies import LifeFunction, MemberRole
from terreau.territories.refs import TerritoryRefError, resolve

# A shared resource answering a member's need weighs more than a life function in common: it is a
# concrete reason to meet.
LIFE_FUNCTION_WEIGHT = 2
RESOURCE_WEIGHT = 3


@dataclass
class IssueCoverage:
    life_function: LifeFunction
    is_issue: bool  # one of the territorial issues the cooperation takes on
    blocks: list = field(default_factory=list)  # the blocks serving it, running ones first


def journal_entries(cooperation: Cooperation, *, tag: str | None = None):
    """The journal of the trajectory, latest first, with what its pages, reports and monographs
    show of each entry (members, blocks, quotes, attachments); `tag` keeps the stories carrying
    that StoryTag. Private to those with access to the record (check before calling)."""
    entries = cooperation.journal.prefetch_related(
        "members__actor", "blocks", "quotes", "attachments"
    )
    if tag:
        entries = entries.filter(tags__contains=f" {tag} ")
    return entries


def issue_coverage(cooperation: Cooperation, blocks) -> list[IssueCoverage]:
    """For each issue of the cooperation (and each other life function one of its `blocks`
    serves), the blocks that serve it; an issue with no block is not yet covered by the
    integrated solution."""
    issues = set(cooperation.life_functions.split())
    served = {key for block in blocks for key in block.life_functions.split()}
    rows = []
    for member in LifeFunction:
        if member.value not in issues | served:
            continue
        serving = [block for block in blocks if f" {member.value} " in block.life_functions]
        serving.sort(key=lambda block: block.status != "running")
        rows.append(IssueCoverage(member, member.value in issues, serving))
    return rows


def operating() -> Q:
    """The members that operate part of the solution: by role, or as an operator of one of its
    building blocks."""
    return Q(roles__contains=f" {MemberRole.OPERATOR.value} ") | Q(blocks__isnull=False)


def catalysts_operating(cooperation: Cooperation):
    """The members holding the catalyst's role that also operate (`operating`). Source §004
    warns: « faire la distinction du rôle du "catalyseur territorial" avec celui d'un "opérateur
    de projets territoriaux" [...] S'il devient opérateur des solutions qu'il fait émerger, il n'a
    alors plus ni le temps, ni les moyens, ni même la légitimité pour poursuivre l'animation
    transversale des acteurs. »"""
    catalysts = cooperation.members.filter(roles__contains=f" {MemberRole.CATALYST.value} ")
    return catalysts.filter(operating()).select_related("actor").distinct()


@dataclass
class PartnerSuggestion:
    actor: Actor
    score: int
    life_functions: list[LifeFunction]
    resources: list[ActorResource]


def partner_suggestions(cooperation: Cooperation, *, user, limit: int = 20):
    """Actors of the cooperation's territory not yet linked to it whose life functions match its
    issues, or who can share a kind of resource one of its members needs; best first, each with
    its reasons. Only actors the user may see are suggested."""
    try:
        territory = resolve(cooperation.territory_ref, user=None)
    except TerritoryRefError:
        return []
    issues = cooperation.life_functions.split()
    members = cooperation.members.values("actor")
    needed = set(
        ActorResource.objects.filter(
            actor__in=members, direction=ActorResource.Direction.NEED
        ).values_list("kind", flat=True)
    )
    relations = cooperation.relations.order_by()
    linked = (
        Q(pk__in=members)
        | Q(pk__in=relations.values("source"))
        | Q(pk__in=relations.values("target"))
    )
    scores = [
        Case(
            When(life_functions__contains=f" {key} ", then=Value(LIFE_FUNCTION_WEIGHT)),
            default=Value(0),
        )
        for key in issues
    ]
    if needed:
        offering = ActorResource.objects.filter(
            direction=ActorResource.Direction.OFFER, kind__in=needed
        ).values("actor")
        scores.append(Case(When(pk__in=offering, then=Value(RESOURCE_WEIGHT)), default=Value(0)))
    if not scores:
        return []
    score = sum(scores[1:], scores[0])
    # The best ids first, from columns of one index alone (`actors_suggestions_idx`: an
    # index-only scan on PostgreSQL, no actor row read but the `limit` shown); then those actors.
    best = (
        Actor.objects.visible_to(user)
        .in_territory(territory)
        .exclude(linked)
        .annotate(score=Coalesce(score, 0, output_field=IntegerField()))
        .filter(score__gt=0)
        .order_by("-score", "search_name", "pk")
        .values_list("pk", "score")[:limit]
    )
    scores = dict(best)
    candidates = Actor.objects.select_related("commune").in_bulk(list(scores))
    candidates = [candidates[pk] for pk in scores if pk in candidates]
    for actor in candidates:
        actor.score = scores[actor.pk]
    offers = {}
    for resource in ActorResource.objects.filter(
        actor__in=candidates, direction=ActorResource.Direction.OFFER, kind__in=needed
    ):
        offers.setdefault(resource.actor_id, []).append(resource)
    return [
        PartnerSuggestion(
            actor=actor,
            score=actor.score,
            life_functions=[f for f in actor.life_function_list if f.value in issues],
            resources=offers.get(actor.pk, []),
        )
        for actor in candidates
    ]


def no_partner_reason(cooperation: Cooperation, *, user) -> str:
    """Why `partner_suggestions` finds no one, in one sentence for the person reading: the
    territory unknown, nothing to match on, no actor the user may see on the territory, or none
    of them matching the issues or the needs."""
    try:
        territory = resolve(cooperation.territory_ref, user=None)
    except TerritoryRefError:
        return _("Aucune suggestion : le territoire de la coopération n'est pas reconnu.")
    members = cooperation.members.values("actor")
    has_needs = ActorResource.objects.filter(
        actor__in=members, direction=ActorResource.Direction.NEED
    ).exists()
    if not cooperation.life_functions.split() and not has_needs:
        return _(
            "Aucune suggestion : la coopération n'a pas renseigné ses enjeux et aucun membre "
            "n'a déclaré de besoin en ressources. Précisez ses enjeux."
        )
    around = Actor.objects.visible_to(user).in_territory(territory).exclude(pk__in=members)
    count = around.count()
    if not count:
        return _(
            "Aucune suggestion : le répertoire ne compte aucun autre acteur visible sur ce "
            "territoire. Importez les acteurs du territoire."
        )
    return ngettext(
        "Aucune suggestion : %(count)s acteur du territoire n'est pas encore lié à la "
        "coopération, mais ses fonctions de vie ne rejoignent pas ses enjeux et il ne propose "
        "aucune ressource dont un membre a besoin.",
        "Aucune suggestion : %(count)s acteurs du territoire ne sont pas encore liés à la "
        "coopération, mais aucun n'a de fonction de vie qui rejoigne ses enjeux ni ne propose "
        "de ressource dont un membre a besoin.",
        count,
    ) % {"count": number_format(count, force_grouping=True)}


def ecological_share(cooperations) -> int | None:
    """The share, in whole percent, of `cooperations` (a queryset) in the field of the ecological
    transition, as the Générateur counts its members (§002: « plus de 60 % d'entre eux sont dans
    le champ de la transition écologique »); None for no cooperation."""
    counts = cooperations.order_by().aggregate(
        total=Count("pk"), ecological=Count("pk", filter=Q(ecological_transition=True))
    )
    if not counts["total"]:
        return None
    return round(100 * counts["ecological"] / counts["total"])
