"""Create a cooperation from an interchange document: `cooperation_import`."""

from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from terreau.actors.models import Actor, Source
from terreau.cooperations.models import (
    AccessRole,
    BuildingBlock,
    Cooperation,
    CooperationAccess,
    JournalEntry,
    Member,
    Relation,
)
from terreau.cooperations.services import (
    block_save,
    cooperation_locate,
    journal_entries_create,
    journal_entry_prepare,
    member_prepare,
    relation_prepare,
)
from terreau.core.jsonfile import read_json
from terreau.core.taxonomies import CooperationModel, LifeFunction, TerritorialIssue, keys_text
from terreau.interchange import economy as economy_interchange
from terreau.interchange.checks import check_document, day
from terreau.interchange.errors import (
    DocumentError,
    InterchangeError,
    json_path,
    schema_errors,
)
from terreau.interchange.schema import SECTIONS, with_defaults
from terreau.interchange.versions import upgraded

BATCH_SIZE = 1000


def read_document(path: Path):
    """The JSON value in the file at `path`; a file that cannot be read is a DataFileError."""
    return read_json(path)


def cooperation_import(
    document,
    *,
    by=None,
    slug: str | None = None,
    source_name: str = "",
    demo: bool = False,
    progress=None,
) -> Cooperation:
    """Create the cooperation a document describes, with its members, blocks, relations and
    journal, and the actors missing from the directory; `by` becomes its administrator. `slug`
    replaces the document's. Raises `InterchangeError` listing every error of the document (all
    schema errors; when there are none, all the others), and then changes nothing. A document of
    an earlier version of the format is read as `versions.upgraded` says.
    `progress(written, total)` is called once the document is checked and after each section
    written, counting the items of its lists (actors, members, blocks, relations, journal).

    Actors are matched with the directory by SIRET, then RNA number; one without either matches
    an actor without either, of the same name in the same commune, that `by` may see. Matched
    actors are left as they are. New actors are private to `by` (demonstration ones are public).
    A SIRET or RNA number held by an actor `by` may not see is an error (see `check_document`).
    """
    document = upgraded(document)
    if slug and isinstance(document, dict) and isinstance(document.get("cooperation"), dict):
        document = {**document, "cooperation": {**document["cooperation"], "slug": slug}}
    errors = schema_errors(document)
    if errors:
        raise InterchangeError(errors)
    document = with_defaults(document)
    provenance = {
        "source": Source.DEMO if demo else Source.MANUAL,
        "source_name": source_name,
        "source_date": timezone.now(),
        "is_public": demo,
        "is_demo": demo,
        "created_by": by,
    }
    # Checked and written in one transaction, so that what was checked is what gets written.
    with transaction.atomic():
        plan = check_document(document, by=by, new_actor_fields=provenance)
        if plan.errors:
            raise InterchangeError(plan.errors)
        written = _section_counter(document, progress)
        return _write(document, plan, by=by, demo=demo, written=written)


def _section_counter(document: dict, progress):
    """`written(section)`: tells `progress` how many items are written once `section` is."""
    total = sum(len(document[section]) for section in SECTIONS)
    count = 0

    def written(section: str | None) -> None:
        nonlocal count
        count += len(document[section]) if section else 0
        if progress is not None:
            progress(count, total)

    written(None)
    return written


@contextmanager
def _located(*parts):
    """Errors a service still finds are reported at the item being written (and, raised inside
    the import's transaction, undo everything written before)."""
    try:
        yield
    except (ValidationError, ValueError) as error:
        messages = error.messages if isinstance(error, ValidationError) else [str(error)]
        raise InterchangeError([DocumentError(json_path(parts), m) for m in messages]) from error


def _write(document: dict, plan, *, by, demo: bool, written) -> Cooperation:
    data = document["cooperation"]
    cooperation = Cooperation(
        slug=plan.slug,
        name=data["name"],
        aim=data["aim"],
        description=data["description"],
        life_functions=keys_text(LifeFunction, data["life_functions"]),
        territory_ref=plan.territory_ref,
        cooperation_type=data["cooperation_type"],
        models=keys_text(CooperationModel, data["models"]),
        issues=keys_text(TerritorialIssue, data["issues"]),
        ecological_transition=data["ecological_transition"],
        economic_model=data["economic_model"],
        carrier=data["carrier"],
        stage=data["stage"],
        legal_form=data["legal_form"],
        started_on=day(data["started_on"]),
        is_public=data["is_public"],
        observatory=data["observatory"],
        is_demo=demo,
        created_by=by,
    )
    with _located("cooperation"):
        cooperation.full_clean()
    cooperation.save()
    cooperation_locate(cooperation)
    if by is not None:
        CooperationAccess.objects.create(
            cooperation=cooperation, user=by, role=AccessRole.ADMINISTRATOR
        )
    # Actors, members, relations and the journal are written in batches: a document may name
    # 10,000 actors (bench/cooperation_import.py). What the services check between rows and
    # columns (one membership per actor, dates in order, two different actors, a stage for a
    # stage change) the schema and check_document checked for the whole document, with messages
    # in its words.
    actors = plan.actors
    Actor.objects.bulk_create(
        [actor for actor in actors.values() if actor.pk is None], batch_size=BATCH_SIZE
    )
    written("actors")

    members = {}
    for index, item in enumerate(document["members"]):
        member = Member(
            cooperation=cooperation,
            actor=actors[item["actor"]],
            joined_on=day(item["joined_on"]),
            left_on=day(item["left_on"]),
            note=item["note"],
            is_public=item["is_public"],
        )
        with _located("members", index):
            members[item["actor"]] = member_prepare(
                member=member, roles=item["roles"], constraints=False
            )
    Member.objects.bulk_create(members.values(), batch_size=BATCH_SIZE)
    written("members")

    blocks = {}
    for index, item in enumerate(document["blocks"]):
        block = BuildingBlock(
            cooperation=cooperation,
            name=item["name"],
            description=item["description"],
            status=item["status"],
            started_on=day(item["started_on"]),
            ended_on=day(item["ended_on"]),
        )
        with _located("blocks", index):
            blocks[item["id"]] = block_save(
                block=block,
                life_functions=item["life_functions"],
                operators=[members[actor_id] for actor_id in item["operators"]],
            )
    written("blocks")

    relations = []
    for index, item in enumerate(document["relations"]):
        relation = Relation(
            cooperation=cooperation,
            source=actors[item["source"]],
            target=actors[item["target"]],
            kind=item["kind"],
            started_on=day(item["started_on"]),
            ended_on=day(item["ended_on"]),
            amount=None if item["amount"] is None else Decimal(item["amount"]),
            note=item["note"],
        )
        with _located("relations", index):
            relations.append(
                relation_prepare(
                    relation=relation, directed=item.get("directed"), by=by, constraints=False
                )
            )
    Relation.objects.bulk_create(relations, batch_size=BATCH_SIZE)
    written("relations")

    # In date order, entries of the same day in document order: the later one sets the stage.
    journal = sorted(enumerate(document["journal"]), key=lambda pair: pair[1]["happened_on"])
    entries = []
    for index, item in journal:
        entry = JournalEntry(
            cooperation=cooperation,
            happened_on=day(item["happened_on"]),
            kind=item["kind"],
            title=item["title"],
            text=item["text"],
            regulation=item["regulation"],
            stage=item["stage"],
            author_name=item["author"],
            people="\n".join(item["people"]),
        )
        with _located("journal", index):
            journal_entry_prepare(entry=entry, by=by, tags=item["tags"], constraints=False)
        entries.append(
            (
                entry,
                [members[actor_id] for actor_id in item["members"]],
                [blocks[block_id] for block_id in item["blocks"]],
                [(quote["text"], quote["speaker"]) for quote in item["quotes"]],
            )
        )
    journal_entries_create(cooperation=cooperation, entries=entries)
    written("journal")
    economy_interchange.write(
        document.get("economy"), cooperation, actors=actors, blocks=blocks, located=_located
    )
    return cooperation
