"""A cooperation's whole record as an interchange document: `cooperation_export`.

Deterministic: actors and blocks get ids made from their names and every list has a stable order,
so that exporting, importing into an empty database and exporting again gives the same document.
"""

import json
from decimal import Decimal

from django.utils.text import slugify

from terreau.actors.models import Actor
from terreau.cooperations.models import Cooperation, Relation
from terreau.core.taxonomies import (
    CooperationModel,
    LifeFunction,
    MemberRole,
    TerritorialIssue,
    keys_text,
)
from terreau.interchange import economy as economy_interchange
from terreau.interchange.schema import FORMAT, VERSION


def _keys(taxonomy, text: str) -> list[str]:
    return keys_text(taxonomy, text.split()).split()


def _iso(value) -> str | None:
    return value.isoformat() if value else None


ID_LENGTH = 40


def local_ids(names: list[str], fallback: str) -> list[str]:
    """Readable ids made from names, in order: "ville-de-pantin", then "ville-de-pantin-2"."""
    ids: list[str] = []
    taken: set[str] = set()
    for name in names:
        base = slugify(name)
        if len(base) > ID_LENGTH:  # cut between words
            base = base[: ID_LENGTH + 1].rsplit("-", 1)[0][:ID_LENGTH]
        base = base.strip("-") or fallback
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        ids.append(candidate)
        taken.add(candidate)
    return ids


def _actor_record(actor: Actor) -> dict:
    return {
        "name": actor.name,
        "kind": actor.kind,
        "is_ess": actor.is_ess,
        "siret": actor.siret,
        "siren": actor.siren,
        "rna": actor.rna,
        "legal_form_code": actor.legal_form_code,
        "naf_code": actor.naf_code,
        "address": actor.address,
        "postal_code": actor.postal_code,
        "commune": actor.commune.code if actor.commune else None,
        "life_functions": _keys(LifeFunction, actor.life_functions),
        "description": actor.description,
        "website": actor.website,
        "email": actor.email,
        "phone": actor.phone,
    }


def cooperation_export(cooperation: Cooperation) -> dict:
    """The whole record of `cooperation` with the actors it refers to; user accounts and their
    accesses are left out. Deterministic (see the module's docstring)."""
    members = list(cooperation.members.select_related("actor__commune"))
    relations = list(
        cooperation.relations.select_related("source__commune", "target__commune").order_by("pk")
    )
    blocks = list(cooperation.blocks.order_by("pk").prefetch_related("operators"))
    journal = list(
        cooperation.journal.order_by("happened_on", "pk").prefetch_related(
            "members", "blocks", "quotes"
        )
    )

    involved = {m.actor.pk: m.actor for m in members}
    for relation in relations:
        involved.update({relation.source.pk: relation.source, relation.target.pk: relation.target})
    involved.update({actor.pk: actor for actor in economy_interchange.involved_actors(cooperation)})
    records = {pk: _actor_record(actor) for pk, actor in involved.items()}
    # By name, then by content; the primary key only separates actors that are alike in every
    # exported field, and an import creates them in document order, which keeps that order.
    ordered = sorted(
        involved,
        key=lambda pk: (
            involved[pk].search_name,
            json.dumps(records[pk], sort_keys=True, ensure_ascii=False),
            pk,
        ),
    )
    actor_ids = dict(
        zip(ordered, local_ids([involved[pk].name for pk in ordered], "acteur"), strict=True)
    )
    position = {pk: n for n, pk in enumerate(ordered)}
    member_actor = {member.pk: member.actor_id for member in members}

    def actor_refs(actor_pks) -> list[str]:
        return [actor_ids[pk] for pk in sorted(actor_pks, key=position.__getitem__)]

    block_ids = dict(
        zip((b.pk for b in blocks), local_ids([b.name for b in blocks], "brique"), strict=True)
    )

    def relation_key(relation: Relation) -> tuple:
        return (
            position[relation.source_id],
            position[relation.target_id],
            relation.kind,
            _iso(relation.started_on) or "",
            _iso(relation.ended_on) or "",
            _amount(relation.amount) or "",
            relation.note,
            relation.directed,
            relation.pk,
        )

    economy = economy_interchange.export(
        cooperation,
        actor_ids=actor_ids,
        position=position,
        block_ids=block_ids,
        local_ids=local_ids,
    )
    document = {
        "format": FORMAT,
        "version": VERSION,
        "cooperation": {
            "slug": cooperation.slug,
            "name": cooperation.name,
            "aim": cooperation.aim,
            "description": cooperation.description,
            "life_functions": _keys(LifeFunction, cooperation.life_functions),
            "territory": cooperation.territory_ref,
            "cooperation_type": cooperation.cooperation_type,
            "models": _keys(CooperationModel, cooperation.models),
            "issues": _keys(TerritorialIssue, cooperation.issues),
            "ecological_transition": cooperation.ecological_transition,
            "economic_model": cooperation.economic_model,
            "carrier": cooperation.carrier,
            "stage": cooperation.stage,
            "legal_form": cooperation.legal_form,
            "started_on": _iso(cooperation.started_on),
            "is_public": cooperation.is_public,
            "observatory": cooperation.observatory,
        },
        "actors": [{"id": actor_ids[pk], **records[pk]} for pk in ordered],
        "members": [
            {
                "actor": actor_ids[member.actor_id],
                "roles": _keys(MemberRole, member.roles),
                "joined_on": _iso(member.joined_on),
                "left_on": _iso(member.left_on),
                "note": member.note,
                "is_public": member.is_public,
            }
            for member in sorted(members, key=lambda m: position[m.actor_id])
        ],
        "blocks": [
            {
                "id": block_ids[block.pk],
                "name": block.name,
                "description": block.description,
                "life_functions": _keys(LifeFunction, block.life_functions),
                "operators": actor_refs(member_actor[m.pk] for m in block.operators.all()),
                "status": block.status,
                "started_on": _iso(block.started_on),
                "ended_on": _iso(block.ended_on),
            }
            for block in blocks
        ],
        "relations": [
            {
                "source": actor_ids[relation.source_id],
                "target": actor_ids[relation.target_id],
                "kind": relation.kind,
                "directed": relation.directed,
                "started_on": _iso(relation.started_on),
                "ended_on": _iso(relation.ended_on),
                "amount": _amount(relation.amount),
                "note": relation.note,
            }
            for relation in sorted(relations, key=relation_key)
        ],
        "journal": [
            {
                "happened_on": entry.happened_on.isoformat(),
                "kind": entry.kind,
                "title": entry.title,
                "text": entry.text,
                "regulation": entry.regulation,
                "stage": entry.stage,
                "author": entry.author_name,
                "members": actor_refs(member_actor[m.pk] for m in entry.members.all()),
                "blocks": [block_ids[b.pk] for b in sorted(entry.blocks.all(), key=lambda b: b.pk)],
                # Attachments stay out: the document carries text, not files (see
                # docs/data-formats.md).
                "tags": entry.tags.split(),
                "people": entry.people_list,
                "quotes": [{"text": q.text, "speaker": q.speaker} for q in entry.quotes.all()],
            }
            for entry in journal
        ],
    }
    if economy:  # a cooperation without an economic model exports as before
        document["economy"] = economy
    return document


def document_json(document: dict) -> str:
    """The document as JSON text, indented, with lists of plain values kept on one line."""

    def dump(value, indent: str) -> str:
        inner = indent + "  "
        if isinstance(value, dict) and value:
            items = [
                f"{inner}{json.dumps(k, ensure_ascii=False)}: {dump(v, inner)}"
                for k, v in value.items()
            ]
            return "{\n" + ",\n".join(items) + f"\n{indent}}}"
        if isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
            return "[\n" + ",\n".join(inner + dump(v, inner) for v in value) + f"\n{indent}]"
        return json.dumps(value, ensure_ascii=False)

    return dump(document, "") + "\n"


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"
