"""Cooperations in the JSON API. A stranger gets the published part of a published cooperation
and a 404 for everything else; members get the whole record."""

from datetime import date, datetime
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.errors import Throttled

from terreau.cooperations.models import Cooperation
from terreau.cooperations.suggestions import KEPT, page_suggestions
from terreau.core.cached import pending_answer
from terreau.core.throttling import RATE_LIMITED, heavy_work_wait
from terreau.interchange import cooperation_export

router = Router(tags=["cooperations"])


class ActorRef(Schema):
    id: int
    name: str
    kind: str
    siret: str
    rna: str


class MemberOut(Schema):
    actor: ActorRef
    roles: list[str]
    joined_on: date | None
    left_on: date | None

    @staticmethod
    def resolve_roles(member) -> list[str]:
        return member.roles.split()


class BlockOut(Schema):
    id: int
    name: str
    description: str
    life_functions: list[str]
    status: str
    started_on: date | None
    ended_on: date | None
    operators: list[int]

    @staticmethod
    def resolve_life_functions(block) -> list[str]:
        return block.life_functions.split()

    @staticmethod
    def resolve_operators(block) -> list[int]:
        # Actor ids, and only of members the caller may see (the public ones for strangers).
        return [m.actor_id for m in block.operators.all() if m.pk in block.visible_member_ids]


class RelationOut(Schema):
    id: int
    source: int
    target: int
    kind: str
    directed: bool
    started_on: date | None
    ended_on: date | None
    amount: Decimal | None
    note: str

    @staticmethod
    def resolve_source(relation) -> int:
        return relation.source_id

    @staticmethod
    def resolve_target(relation) -> int:
        return relation.target_id


class QuoteOut(Schema):
    text: str
    speaker: str


class AttachmentOut(Schema):
    id: int
    file_type: str
    name: str = Field(alias="original_name")
    size: int
    description: str


class JournalEntryOut(Schema):
    id: int
    happened_on: date
    kind: str
    title: str
    text: str
    regulation: str
    stage: str
    author: str
    members: list[int]
    blocks: list[int]
    tags: list[str]
    people: list[str]
    quotes: list[QuoteOut]
    # Fetched, for members only, at /cooperations/<slug>/journal/pieces/<id>/.
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_tags(entry) -> list[str]:
        return entry.tags.split()

    @staticmethod
    def resolve_people(entry) -> list[str]:
        return entry.people_list

    @staticmethod
    def resolve_author(entry) -> str:
        return entry.author_name

    @staticmethod
    def resolve_members(entry) -> list[int]:
        return [member.actor_id for member in entry.members.all()]

    @staticmethod
    def resolve_blocks(entry) -> list[int]:
        return [block.pk for block in entry.blocks.all()]


class CooperationSummary(Schema):
    slug: str
    name: str
    aim: str
    territory: str = Field(alias="territory_ref")
    cooperation_type: str
    # The models it refers to (a modelled cooperation may refer to several).
    models: list[str]
    stage: str
    is_public: bool
    # In the field of the ecological transition (§002), and the territorial issues beyond the
    # life functions (TerritorialIssue keys).
    ecological_transition: bool
    issues: list[str]

    @staticmethod
    def resolve_models(cooperation) -> list[str]:
        models = cooperation["models"] if isinstance(cooperation, dict) else cooperation.models
        return models.split()

    @staticmethod
    def resolve_issues(cooperation) -> list[str]:
        issues = cooperation["issues"] if isinstance(cooperation, dict) else cooperation.issues
        return issues.split()


class CooperationOut(CooperationSummary):
    """The published part, plus the rest of the record (null) when the caller is a member."""

    blocks: list[BlockOut]
    members: list[MemberOut]
    description: str | None = None
    life_functions: list[str] | None = None
    economic_model: str | None = None
    carrier: str | None = None
    legal_form: str | None = None
    started_on: date | None = None
    relations: list[RelationOut] | None = None
    journal: list[JournalEntryOut] | None = None


class PartnerOut(Schema):
    actor: ActorRef
    score: int
    life_functions: list[str]
    resources: list[str]


class PartnersOut(Schema):
    computed_at: datetime = Field(
        description="when the suggestions were computed: now on a small territory, else when the "
        "background job kept them (cooperations/suggestions.py)"
    )
    up_to_date: bool = Field(
        description="false: the data changed since computed_at, fresher suggestions are on "
        "their way"
    )
    partners: list[PartnerOut] = Field(description=f"the {KEPT} best, best first")


class Pending(Schema):
    status: str = Field(description="computing, or failed (asked again, they are recomputed)")
    detail: str


def _visible(request, slug: str) -> Cooperation:
    return get_object_or_404(Cooperation.objects.visible_to(request.auth), slug=slug)


@router.get("", response=list[CooperationSummary], summary="Cooperations the caller may see")
def cooperation_list(request):
    return Cooperation.objects.visible_to(request.auth)


@router.get("/{slug}", response=CooperationOut, summary="A cooperation's record")
def cooperation_detail(request, slug: str):
    cooperation = _visible(request, slug)
    full = cooperation.role_of(request.auth) is not None
    members = list(cooperation.members.select_related("actor"))
    if not full:
        members = [member for member in members if member.is_public]
    blocks = list(cooperation.blocks.prefetch_related("operators"))
    for block in blocks:
        block.visible_member_ids = {member.pk for member in members}
    data = {
        **{name: getattr(cooperation, name) for name in Cooperation.PUBLIC_FIELDS},
        "slug": cooperation.slug,
        "is_public": cooperation.is_public,
        "blocks": blocks,
        "members": members,
    }
    if full:
        data.update(
            description=cooperation.description,
            life_functions=cooperation.life_functions.split(),
            economic_model=cooperation.economic_model,
            carrier=cooperation.carrier,
            legal_form=cooperation.legal_form,
            started_on=cooperation.started_on,
            relations=list(cooperation.relations.all()),
            journal=list(
                cooperation.journal.prefetch_related("members", "blocks", "quotes", "attachments")
            ),
        )
    return data


@router.get(
    "/{slug}/partners",
    response={200: PartnersOut, 202: Pending},
    summary="Potential partners on the cooperation's territory, with their reasons",
)
def cooperation_partners(request, slug: str):
    """Members only. On a large territory (at least TERREAU_SUGGESTIONS_CACHE_MIN_COMMUNES
    communes) the suggestions are those kept for the caller by a background job, as on the
    cooperation's page: `computed_at` says when, `up_to_date` false that fresher ones are being
    computed. Before the first computation: 202 with `Retry-After`, to ask again later."""
    cooperation = _visible(request, slug)
    if cooperation.role_of(request.auth) is None:
        raise Http404
    found = page_suggestions(cooperation, user=request.auth, limit=KEPT)
    answer = found.cache
    if answer is not None and answer.computed_at is None:
        return pending_answer(answer, "suggestions")
    partners = [
        {
            "actor": suggestion.actor,
            "score": suggestion.score,
            "life_functions": [f.value for f in suggestion.life_functions],
            "resources": [r.kind for r in suggestion.resources],
        }
        for suggestion in found.suggestions
    ]
    if answer is None:
        return {"computed_at": timezone.now(), "up_to_date": True, "partners": partners}
    return {"computed_at": answer.computed_at, "up_to_date": answer.fresh, "partners": partners}


@router.get(
    "/{slug}/export",
    summary="The whole record as an interchange document",
    # A full export counts among heavy work (core.throttling): a 429 beyond the rate.
    openapi_extra={RATE_LIMITED: True},
)
def cooperation_export_document(request, slug: str):
    if wait := heavy_work_wait(request, "export"):
        raise Throttled(wait)
    cooperation = _visible(request, slug)
    if cooperation.role_of(request.auth) is None:
        raise Http404
    return cooperation_export(cooperation)
