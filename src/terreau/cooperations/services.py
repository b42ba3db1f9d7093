"""Use cases of a cooperation's record. Web views, the API, the CLI and the interchange import call
these; permission checks happen before (see `views.cooperation_for`)."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from terreau.cooperations.attachments import checked_type, stored_name
from terreau.cooperations.models import (
    AccessRole,
    BuildingBlock,
    Cooperation,
    CooperationAccess,
    JournalAttachment,
    JournalEntry,
    JournalQuote,
    Member,
    Relation,
)
from terreau.core.taxonomies import (
    LifeFunction,
    MemberRole,
    RelationKind,
    Stage,
    StoryTag,
    keys_text,
)
from terreau.core.text import free_slug
from terreau.territories.refs import TerritoryRefError, resolve


def author_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


@transaction.atomic
def cooperation_create(*, by, stage: str, life_functions=(), **fields) -> Cooperation:
    """Create a cooperation: its creator administers it, and its starting stage opens the journal
    (stage changes recorded in the journal then drive the current stage)."""
    cooperation = Cooperation(
        slug=free_slug(Cooperation.objects, fields["name"], "cooperation"),
        life_functions=keys_text(LifeFunction, life_functions),
        stage=stage,
        created_by=by,
        **fields,
    )
    cooperation.full_clean(exclude=["slug"])
    cooperation.save()
    cooperation_locate(cooperation)
    if by is not None:
        CooperationAccess.objects.create(
            cooperation=cooperation, user=by, role=AccessRole.ADMINISTRATOR
        )
    JournalEntry.objects.create(
        cooperation=cooperation,
        happened_on=cooperation.started_on or date.today(),
        kind=JournalEntry.Kind.STAGE_CHANGE,
        stage=stage,
        title=_("Étape : %(stage)s") % {"stage": Stage(stage).label},
        author=by,
        author_name=author_name(by),
    )
    return cooperation


def cooperation_locate(cooperation: Cooperation) -> None:
    """Keep the cooperation's communes in step with its territory reference."""
    territory = resolve(cooperation.territory_ref, user=None)
    cooperation.communes.set(territory.communes().values_list("pk", flat=True))


def cooperations_relocate(*, territory_ref: str) -> int:
    """Re-locate the cooperations set on `territory_ref` after its communes changed (a project
    territory was edited), so that matching, gaps and diagnoses see the new communes."""
    cooperations = list(Cooperation.objects.filter(territory_ref=territory_ref))
    for cooperation in cooperations:
        cooperation_locate(cooperation)
    return len(cooperations)


@transaction.atomic
def cooperation_update(*, cooperation: Cooperation, life_functions, by=None) -> Cooperation:
    """Save a person's edit of the cooperation's description (not its stage: see the journal).
    A new territory is recorded in the journal as a perimeter change (see `perimeter_record`)."""
    cooperation.life_functions = keys_text(LifeFunction, life_functions)
    cooperation.full_clean()
    before = (
        Cooperation.objects.filter(pk=cooperation.pk).values_list("territory_ref", flat=True).get()
    )
    cooperation.save()
    if before != cooperation.territory_ref:
        previous = set(cooperation.communes.values_list("pk", flat=True))
        cooperation_locate(cooperation)
        perimeter_record(cooperation=cooperation, before=before, previous_communes=previous, by=by)
    return cooperation


def perimeter_record(
    *, cooperation: Cooperation, before: str, previous_communes: set, by=None, on=None
) -> JournalEntry:
    """Record in the journal that the cooperation's territory changed from `before` (§000, the
    Écopôle d'Audruicq: « l'élargissement du périmètre »): « Périmètre élargi : Audruicq → CC
    de la Région d'Audruicq », by names, enlarged when the new territory holds every commune
    of the old one."""
    current = set(cooperation.communes.values_list("pk", flat=True))
    enlarged = previous_communes < current
    template = (
        _("Périmètre élargi : %(old)s → %(new)s")
        if enlarged
        else _("Périmètre modifié : %(old)s → %(new)s")
    )
    title = template % {
        "old": territory_name(before),
        "new": territory_name(cooperation.territory_ref),
    }
    return JournalEntry.objects.create(
        cooperation=cooperation,
        happened_on=on or date.today(),
        kind=JournalEntry.Kind.PERIMETER_CHANGE,
        title=title[:200],
        author=by,
        author_name=author_name(by),
    )


def territory_name(ref: str) -> str:
    """The name of the territory `ref` names, or the reference itself when it names none."""
    try:
        return str(resolve(ref, user=None).name)
    except TerritoryRefError:
        return ref


def cooperation_publish(
    *, cooperation: Cooperation, public: bool, public_members=()
) -> Cooperation:
    """Publish (or withdraw) the public part of a cooperation: name, aim, territory, model, stage,
    blocks and the members chosen here. Everything else stays visible to its members only."""
    with transaction.atomic():
        cooperation.is_public = public
        cooperation.save(update_fields=["is_public", "updated_at"])
        chosen = {member.pk for member in public_members} if public else set()
        cooperation.members.update(is_public=False)
        cooperation.members.filter(pk__in=chosen).update(is_public=True)
    return cooperation


def access_grant(*, cooperation: Cooperation, user, role: str) -> CooperationAccess:
    """Give a user account access to the record (or change its role)."""
    access, _created = CooperationAccess.objects.update_or_create(
        cooperation=cooperation, user=user, defaults={"role": AccessRole(role)}
    )
    return access


def access_revoke(*, cooperation: Cooperation, user) -> None:
    """Remove an account's access; the last administrator cannot be removed."""
    accesses = cooperation.accesses.all()
    administrators = accesses.filter(role=AccessRole.ADMINISTRATOR)
    if administrators.count() == 1 and administrators.filter(user=user).exists():
        raise ValueError(_("La coopération doit garder au moins un administrateur."))
    accesses.filter(user=user).delete()


def member_roles_text(roles) -> str:
    return keys_text(MemberRole, roles)


def member_save(*, member: Member, roles) -> Member:
    """Add or update a member; at least one role."""
    member_prepare(member=member, roles=roles)
    member.save()
    return member


def member_prepare(*, member: Member, roles, constraints: bool = True) -> Member:
    """The rules of `member_save` without the writing: set the roles (at least one) and check
    the fields. `constraints=False` leaves the rules between columns and rows (dates in order, one
    membership per actor: a query each) to a caller that checked them for many members at once
    before a `bulk_create`; the database still enforces them."""
    text = member_roles_text(roles)
    if not text:
        raise ValueError(_("Indiquez au moins un rôle."))
    member.roles = text
    member.full_clean(exclude=["cooperation", "actor"], validate_constraints=constraints)
    return member


def block_save(*, block: BuildingBlock, life_functions, operators) -> BuildingBlock:
    """Save a building block; its operators must be members of the same cooperation."""
    if any(operator.cooperation_id != block.cooperation_id for operator in operators):
        raise ValueError(_("Les opérateurs d'une brique sont des membres de la coopération."))
    with transaction.atomic():
        block.life_functions = keys_text(LifeFunction, life_functions)
        block.save()
        block.operators.set(operators)
    return block


def relation_save(*, relation: Relation, directed: bool | None = None, by=None) -> Relation:
    """Save a relation between two actors; unless told otherwise it is directed when its kind
    is (funding, staff provision, network membership)."""
    relation_prepare(relation=relation, directed=directed, by=by)
    relation.save()
    return relation


def relation_prepare(
    *, relation: Relation, directed: bool | None = None, by=None, constraints: bool = True
) -> Relation:
    """The rules of `relation_save` without the writing. `constraints=False`, for a caller that
    writes many relations with `bulk_create` and checked the rest for all of them at once, skips
    what costs a query per relation: that its actors, cooperation and author exist, that it
    links two actors and ends after it starts (the database still enforces both)."""
    relation.directed = RelationKind(relation.kind).directed if directed is None else directed
    if relation.pk is None and relation.created_by_id is None:
        relation.created_by = by
    if constraints:
        relation.full_clean()
    else:
        relation.full_clean(
            exclude=["source", "target", "cooperation", "created_by"], validate_constraints=False
        )
    return relation


# An entry of these kinds always carries the matching tag, so that filtering the journal by tag
# finds the small victories and frictions recorded before stories had tags.
KIND_TAGS = {
    JournalEntry.Kind.SMALL_VICTORY: StoryTag.SMALL_VICTORY,
    JournalEntry.Kind.FRICTION: StoryTag.FRICTION,
}


def journal_entry_save(
    *, entry: JournalEntry, by=None, members=(), blocks=(), tags=None, quotes=None
) -> JournalEntry:
    """Record an event or a story of the trajectory, signed by its author; a stage change moves
    the cooperation's current stage to the latest one recorded. `tags` (StoryTag keys) and
    `quotes` (`(text, speaker)` pairs, in order) replace the entry's when given."""
    journal_entry_prepare(entry=entry, by=by, tags=tags)
    with transaction.atomic():
        entry.save()
        entry.members.set(members)
        entry.blocks.set(blocks)
        if quotes is not None:
            entry.quotes.all().delete()
            JournalQuote.objects.bulk_create(_quotes(entry, quotes))
        entry.cooperation.refresh_stage()
    return entry


def journal_entry_prepare(
    *, entry: JournalEntry, by=None, tags=None, constraints: bool = True
) -> JournalEntry:
    """The rules of `journal_entry_save` on the entry itself, without the writing: signature,
    stage, tags, field checks. `constraints=False`, for `journal_entries_create`, skips what
    costs a query per entry: that its author exists and that a stage change names a stage (the
    database still enforces it)."""
    if entry.pk is None and not entry.author_name:
        entry.author = by
        entry.author_name = author_name(by)
    if entry.kind != JournalEntry.Kind.STAGE_CHANGE:
        entry.stage = ""
    chosen = set(entry.tags.split()) if tags is None else set(tags)
    if entry.kind in KIND_TAGS:
        chosen.add(KIND_TAGS[entry.kind])
    entry.tags = keys_text(StoryTag, chosen)
    if constraints:
        entry.full_clean(exclude=["cooperation", "members", "blocks"])
    else:
        exclude = ["cooperation", "members", "blocks", "author"]
        entry.full_clean(exclude=exclude, validate_constraints=False)
    return entry


def journal_entries_create(*, cooperation: Cooperation, entries) -> None:
    """Write new entries prepared by `journal_entry_prepare` in a few queries whatever their
    number (an import): `entries` holds `(entry, members, blocks, quotes)` in the order they are
    recorded, as many `journal_entry_save` would; the stage follows the latest stage change."""
    with transaction.atomic():
        JournalEntry.objects.bulk_create([entry for entry, *_rest in entries], batch_size=1000)
        member_link, block_link = JournalEntry.members.through, JournalEntry.blocks.through
        member_link.objects.bulk_create(
            [member_link(journalentry=e, member=m) for e, ms, _b, _q in entries for m in ms],
            batch_size=1000,
        )
        block_link.objects.bulk_create(
            [block_link(journalentry=e, buildingblock=b) for e, _m, bs, _q in entries for b in bs],
            batch_size=1000,
        )
        JournalQuote.objects.bulk_create(
            [quote for entry, _m, _b, quotes in entries for quote in _quotes(entry, quotes)],
            batch_size=1000,
        )
        cooperation.refresh_stage()


def _quotes(entry: JournalEntry, quotes) -> list[JournalQuote]:
    return [
        JournalQuote(entry=entry, text=text, speaker=speaker, position=position)
        for position, (text, speaker) in enumerate(quotes)
    ]


def journal_attachment_add(
    *, entry: JournalEntry, upload, description: str = "", by=None
) -> JournalAttachment:
    """Attach a photo or a document to a story, after checking its type from its content and its
    size (`attachments.checked_type`; a ValidationError says what is wrong)."""
    file_type = checked_type(upload)
    attachment = JournalAttachment(
        entry=entry,
        file_type=file_type,
        original_name=upload.name[-200:],
        size=upload.size,
        description=description,
        uploaded_by=by,
    )
    attachment.full_clean(exclude=["file"])
    attachment.file.save(stored_name(entry.cooperation_id, file_type), upload, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


def journal_attachment_delete(*, attachment: JournalAttachment) -> None:
    """Remove an attachment and its file."""
    attachment.delete()
    attachment.file.delete(save=False)


def journal_entry_delete(*, entry: JournalEntry) -> None:
    """Remove an entry, its quotes and its attachments (their files too)."""
    files = [attachment.file for attachment in entry.attachments.all()]
    with transaction.atomic():
        cooperation = entry.cooperation
        entry.delete()
        cooperation.refresh_stage()
    for file in files:
        file.delete(save=False)
