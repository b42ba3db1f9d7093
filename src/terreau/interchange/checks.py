"""What the schema cannot say about a cooperation document: references to ids that do not exist,
SIRET keys, communes and territories unknown here, dates in the wrong order — and which actor of
the directory each actor of the document stands for. Reads the database, writes nothing.

Runs on documents that passed the schema, with their defaults filled in (`with_defaults`).
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from terreau.actors import classification
from terreau.actors.models import Actor, life_functions_text
from terreau.actors.validators import validate_siren, validate_siret
from terreau.cooperations.models import Cooperation, JournalEntry
from terreau.core.text import free_slug, search_key
from terreau.interchange import economy as economy_interchange
from terreau.interchange.errors import DocumentError, json_path
from terreau.territories.refs import TerritoryRefError, resolve, resolve_commune_codes


@dataclass
class Plan:
    """What an import will do: the errors that stop it, or the slug, the territory and, for each
    actor id of the document, the directory actor it stands for (unsaved when it is new)."""

    errors: list[DocumentError] = field(default_factory=list)
    slug: str = ""
    territory_ref: str = ""
    actors: dict[str, Actor] = field(default_factory=dict)

    def error(self, parts, message) -> None:
        self.errors.append(DocumentError(json_path(parts), str(message)))


def day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def latest_stage_change(journal: list[dict]) -> dict | None:
    """The stage change that sets the current stage: the latest by date, and of two on the same
    day the one written last (the import records entries in that order)."""
    changes = [e for e in journal if e["kind"] == JournalEntry.Kind.STAGE_CHANGE]
    return max(reversed(changes), key=lambda e: e["happened_on"], default=None)


def check_document(document: dict, *, by=None, new_actor_fields: dict) -> Plan:
    """Check a schema-valid document (defaults filled) and plan its import; `new_actor_fields`
    are set on the actors it will create (provenance, visibility)."""
    plan = Plan()
    _check_cooperation(document, plan, by)
    actor_ids = _unique_ids(document["actors"], "actors", plan)
    members = _check_members(document["members"], actor_ids, plan)
    block_ids = _unique_ids(document["blocks"], "blocks", plan)
    for index, block in enumerate(document["blocks"]):
        _check_refs(block["operators"], ("blocks", index, "operators"), actor_ids, members, plan)
    _check_relations(document["relations"], actor_ids, plan)
    for index, entry in enumerate(document["journal"]):
        _check_refs(entry["members"], ("journal", index, "members"), actor_ids, members, plan)
        for position, block_id in enumerate(entry["blocks"]):
            if block_id not in block_ids:
                plan.error(
                    ("journal", index, "blocks", position),
                    _(
                        "brique inconnue : « %(id)s » (aucune brique de $.blocks n'a cet "
                        "identifiant)"
                    )
                    % {"id": block_id},
                )
    economy = document.get("economy")
    economy_interchange.check(economy, actor_ids, block_ids, plan.error)
    used = (
        set(members)
        | {
            actor
            for relation in document["relations"]
            for actor in (relation["source"], relation["target"])
        }
        | economy_interchange.actor_refs(economy)
    )
    for index, actor in enumerate(document["actors"]):
        if actor["id"] not in used:
            plan.error(
                ("actors", index, "id"),
                _(
                    "acteur ni membre de la coopération, ni partie d'une relation, ni nommé par "
                    "son modèle économique"
                ),
            )
    _plan_actors(document["actors"], plan, by, new_actor_fields)
    return plan


def _check_cooperation(document: dict, plan: Plan, by) -> None:
    cooperation = document["cooperation"]
    if cooperation.get("slug"):
        plan.slug = cooperation["slug"]
        if Cooperation.objects.filter(slug=plan.slug).exists():
            plan.error(
                ("cooperation", "slug"),
                _("une coopération porte déjà l'identifiant « %(slug)s »") % {"slug": plan.slug},
            )
    else:
        plan.slug = free_slug(Cooperation.objects, cooperation["name"], "cooperation")
    try:
        plan.territory_ref = resolve(cooperation["territory"], user=by).ref
    except TerritoryRefError as error:
        plan.error(("cooperation", "territory"), error)
    latest = latest_stage_change(document["journal"])
    if latest is not None and latest["stage"] != cooperation["stage"]:
        plan.error(
            ("cooperation", "stage"),
            _(
                "l'étape doit être celle du dernier changement d'étape du journal : « %(stage)s » "
                "(%(date)s)"
            )
            % {"stage": latest["stage"], "date": latest["happened_on"]},
        )


def _unique_ids(items: list[dict], section: str, plan: Plan) -> dict[str, int]:
    """Each id of a section → the index of its item; a repeated id is an error."""
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if item["id"] in seen:
            plan.error(
                (section, index, "id"),
                _("identifiant déjà utilisé par $.%(section)s[%(index)s]")
                % {"section": section, "index": seen[item["id"]]},
            )
        else:
            seen[item["id"]] = index
    return seen


def unknown_actor(actor_id: str) -> str:
    return _("acteur inconnu : « %(id)s » (aucun acteur de $.actors n'a cet identifiant)") % {
        "id": actor_id
    }


def _check_members(members: list[dict], actor_ids: dict, plan: Plan) -> dict[str, int]:
    """Each member's actor id → the index of its membership."""
    seen: dict[str, int] = {}
    for index, member in enumerate(members):
        actor_id = member["actor"]
        if actor_id not in actor_ids:
            plan.error(("members", index, "actor"), unknown_actor(actor_id))
        elif actor_id in seen:
            plan.error(
                ("members", index, "actor"),
                _("cet acteur est déjà membre : $.members[%(index)s]") % {"index": seen[actor_id]},
            )
        else:
            seen[actor_id] = index
        joined, left = day(member["joined_on"]), day(member["left_on"])
        if joined and left and left < joined:
            plan.error(("members", index, "left_on"), _("le départ précède l'arrivée"))
    return seen


def _check_refs(ids: list[str], parts: tuple, actor_ids: dict, members: dict, plan: Plan) -> None:
    for position, actor_id in enumerate(ids):
        if actor_id not in actor_ids:
            plan.error((*parts, position), unknown_actor(actor_id))
        elif actor_id not in members:
            plan.error(
                (*parts, position),
                _("« %(id)s » n'est pas membre de la coopération (voir $.members)")
                % {"id": actor_id},
            )


def _check_relations(relations: list[dict], actor_ids: dict, plan: Plan) -> None:
    for index, relation in enumerate(relations):
        for end in ("source", "target"):
            if relation[end] not in actor_ids:
                plan.error(("relations", index, end), unknown_actor(relation[end]))
        if relation["source"] == relation["target"]:
            plan.error(
                ("relations", index, "target"), _("une relation relie deux acteurs différents")
            )
        started, ended = day(relation["started_on"]), day(relation["ended_on"])
        if started and ended and ended < started:
            plan.error(("relations", index, "ended_on"), _("la fin précède le début"))


def _check_identifiers(actors: list[dict], plan: Plan) -> None:
    seen: dict[tuple[str, str], int] = {}
    for index, actor in enumerate(actors):
        for name, validator in (("siret", validate_siret), ("siren", validate_siren)):
            if actor[name]:
                try:
                    validator(actor[name])
                except ValidationError as error:
                    plan.error(("actors", index, name), error.messages[0])
        if actor["siret"] and actor["siren"] and actor["siren"] != actor["siret"][:9]:
            plan.error(("actors", index, "siren"), _("le SIREN ne correspond pas au SIRET"))
        for name in ("siret", "rna"):
            if not actor[name]:
                continue
            if (name, actor[name]) in seen:
                plan.error(
                    ("actors", index, name),
                    _("%(name)s déjà donné à $.actors[%(index)s]")
                    % {"name": name.upper(), "index": seen[(name, actor[name])]},
                )
            else:
                seen[(name, actor[name])] = index
        if (
            actor["naf_code"]
            and classification.normalize_naf(actor["naf_code"]) != actor["naf_code"]
        ):
            plan.error(("actors", index, "naf_code"), _("code NAF inconnu"))
        if actor["legal_form_code"] and classification.legal_form(actor["legal_form_code"]) is None:
            plan.error(("actors", index, "legal_form_code"), _("catégorie juridique inconnue"))


def _plan_actors(actors: list[dict], plan: Plan, by, new_actor_fields: dict) -> None:
    """Match each actor of the document with the directory, one to one: by SIRET, then RNA
    number; an actor without either matches an actor without either that has the same name
    (accents and case aside) in the same commune and that `by` may see. Unmatched actors are
    built (unsaved) and checked like any new actor. A SIRET or RNA number held by an actor `by`
    may not see is an error at its path: that actor can be neither linked (its private details
    would show in the cooperation) nor created again (the numbers are unique)."""
    errors_before = len(plan.errors)
    _check_identifiers(actors, plan)
    codes = {actor["commune"] for actor in actors if actor["commune"]}
    communes = resolve_commune_codes(codes) if codes else {}
    for index, actor in enumerate(actors):
        if actor["commune"] and actor["commune"] not in communes:
            plan.error(
                ("actors", index, "commune"),
                _("code commune inconnu : « %(code)s »") % {"code": actor["commune"]},
            )
    if len(plan.errors) > errors_before:
        return  # matching on wrong identifiers or communes would only add confusing errors
    by_number = {name: _by_identifier(name, actors) for name in ("siret", "rna")}
    numbered = {actor.pk for found in by_number.values() for actor in found.values()}
    hidden = set(Actor.objects.filter(pk__in=numbered).hidden_from(by).values_list("pk", flat=True))
    named: dict[tuple, list[Actor]] = {}
    names = {search_key(a["name"]) for a in actors if not (a["siret"] or a["rna"])}
    for candidate in (
        Actor.objects.visible_to(by).filter(siret="", rna="", search_name__in=names).order_by("pk")
    ):
        named.setdefault((candidate.search_name, candidate.commune_id), []).append(candidate)
    claimed: dict[int, int] = {}
    new: dict[int, Actor] = {}
    for index, item in enumerate(actors):
        commune_id = communes.get(item["commune"]) if item["commune"] else None
        if item["siret"] or item["rna"]:
            owners = {name: by_number[name].get(item[name]) for name in ("siret", "rna")}
            refused = [name for name, owner in owners.items() if owner and owner.pk in hidden]
            if refused:
                plan.error(("actors", index, refused[0]), _hidden_number(refused[0]))
                continue
            actor = owners["siret"] or owners["rna"]
        else:
            key = (search_key(item["name"]), commune_id)
            actor = next((a for a in named.get(key, []) if a.pk not in claimed), None)
        if actor is None:
            actor = new[index] = _new_actor(item, commune_id, new_actor_fields)
            _full_clean(actor, index, plan)
        elif actor.pk in claimed:
            plan.error(
                ("actors", index),
                _("désigne le même acteur de l'annuaire (« %(name)s ») que $.actors[%(index)s]")
                % {"name": actor.name, "index": claimed[actor.pk]},
            )
        else:
            claimed[actor.pk] = index
        plan.actors[item["id"]] = actor
    _check_identifiers_free(new, plan)


def _hidden_number(name: str) -> str:
    # Nothing of the actor holding the number is said, not even its name.
    return _(
        "%(name)s déjà porté par un acteur privé de l'annuaire que vous ne pouvez pas voir : "
        "retirez-le de cet acteur pour l'importer comme un nouvel acteur"
    ) % {"name": name.upper()}


def _by_identifier(name: str, actors: list[dict]) -> dict[str, Actor]:
    wanted = {actor[name] for actor in actors if actor[name]}
    if not wanted:
        return {}
    # exclude(name=""): the condition of the partial unique index, which the databases only use
    # when the query states it.
    found = Actor.objects.filter(**{f"{name}__in": wanted}).exclude(**{name: ""}).order_by()
    return {getattr(actor, name): actor for actor in found}


def _new_actor(item: dict, commune_id: int | None, new_actor_fields: dict) -> Actor:
    actor = Actor(
        name=item["name"],
        search_name=search_key(item["name"]),
        kind=item["kind"],
        is_ess=item["is_ess"],
        siret=item["siret"],
        siren=item["siret"][:9] or item["siren"],
        rna=item["rna"],
        legal_form_code=item["legal_form_code"],
        legal_form_family=classification.ess_family_for(item["legal_form_code"] or None),
        naf_code=item["naf_code"],
        address=item["address"],
        postal_code=item["postal_code"],
        commune_id=commune_id,
        life_functions=life_functions_text(item["life_functions"]),
        # A person chose them: a later register import keeps them.
        life_functions_set_by_hand=bool(item["life_functions"]),
        description=item["description"],
        website=item["website"],
        email=item["email"],
        phone=item["phone"],
        **new_actor_fields,
    )
    # A person wrote the document: a later import keeps every value it gives
    # (`Actor.person_fields`).
    actor.edited_fields = [
        f.name for f in Actor._meta.concrete_fields if f.name in item and getattr(actor, f.attname)
    ]
    return actor


DOCUMENT_KEYS = {"search_name": "name"}


def _full_clean(actor: Actor, index: int, plan: Plan) -> None:
    """The model's own checks (web address, e-mail) on an actor about to be created. Its
    constraints (a SIRET or RNA number held by one actor) are checked for all new actors at once
    by `_check_identifiers_free`: one query per constraint and actor would take minutes for a
    document of 10,000 actors; its links (commune, creator) are resolved already."""
    try:
        actor.full_clean(exclude=["commune", "created_by"], validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            key = DOCUMENT_KEYS.get(name, name)
            parts = ("actors", index) if key == NON_FIELD_ERRORS else ("actors", index, key)
            for message in messages:
                plan.error(parts, message)


IDENTIFIER_TAKEN = {
    "siret": gettext_lazy("Un acteur porte déjà ce SIRET."),
    "rna": gettext_lazy("Un acteur porte déjà ce numéro RNA."),
}


def _check_identifiers_free(new: dict[int, Actor], plan: Plan) -> None:
    """A new actor cannot take a SIRET or RNA number that an actor of the directory holds (the
    database's unique constraints), whoever may see that actor: one query per identifier for
    all the document's new actors."""
    for name, message in IDENTIFIER_TAKEN.items():
        wanted = {getattr(a, name): index for index, a in new.items() if getattr(a, name)}
        if not wanted:
            continue
        taken = (
            Actor.objects.filter(**{f"{name}__in": wanted})
            .exclude(**{name: ""})
            .values_list(name, flat=True)
            .order_by()
        )
        for value in sorted(taken, key=wanted.get):
            plan.error(("actors", wanted[value], name), message)
