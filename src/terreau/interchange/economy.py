"""The economic model inside the cooperation interchange document: its optional `economy` section
(resources, costs, useful effects with their contributions), its JSON Schema, its checks, export
and import. Part of `terreau.interchange`; documented in docs/data-formats.md.

Actors (sources of resources, beneficiaries of effects) are ids of the document's `actors`;
blocks are ids of its `blocks`; a contribution names its resource line by the line's `id`.
"""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from terreau.economy.models import CENT, Contribution, Cost, Resource, UsefulEffect
from terreau.economy.services import (
    contribution_save,
    cost_save,
    resource_save,
    useful_effect_save,
)
from terreau.economy.taxonomies import (
    FUNDING_MODE_OF_CATEGORY,
    ContributionStatus,
    CostCategory,
    Earmark,
    EffectType,
    EvidenceLevel,
    FundingMode,
    ResourceCategory,
    ResourceForm,
    ResourceStatus,
)

SECTIONS = ("resources", "costs", "useful_effects")
AMOUNT_PATTERN = r"^\d{1,12}(\.\d{1,2})?$"


def _amount(description: str, *, nullable: bool = False) -> dict:
    schema = {
        "type": ["string", "null"] if nullable else "string",
        "pattern": AMOUNT_PATTERN,
        "description": description,
    }
    return {**schema, "default": None} if nullable else schema


DATE = {"type": "string", "format": "date"}
# A local id (see $defs/local_id) or null.
NULLABLE_REF = {"type": ["string", "null"], "minLength": 1, "maxLength": 100, "default": None}


def schema_defs() -> dict:
    """The `$defs` of the economy section (merged into the cooperation schema)."""
    # The cooperation schema's helpers; imported here because that schema imports this module.
    from terreau.interchange.schema import choice_field as _enum
    from terreau.interchange.schema import object_schema, text_field

    resource = object_schema(
        {
            "id": {"$ref": "#/$defs/local_id"},
            "label": text_field(Resource, "label", required=True),
            "category": _enum(ResourceCategory),
            "form": _enum(ResourceForm, default=ResourceForm.MONEY.value),
            "amount": _amount(
                'Amount in euros as a decimal string: "60000.00"; for time, hours × hourly value.'
            ),
            "hours": _amount("Hours, for time.", nullable=True),
            "hourly_value": _amount("Value of an hour in euros, for time.", nullable=True),
            "source": {
                **NULLABLE_REF,
                "description": "Actor id of who brings the resource.",
            },
            "start_date": DATE,
            "end_date": DATE,
            "funding_mode": _enum(FundingMode, default=FundingMode.OTHER.value),
            "earmark": _enum(Earmark, blank=True, default=""),
            "status": _enum(ResourceStatus),
            "note": text_field(Resource, "note"),
        },
        ["id", "label", "category", "amount", "start_date", "end_date", "status"],
    )
    cost = object_schema(
        {
            "label": text_field(Cost, "label", required=True),
            "category": _enum(CostCategory),
            "amount": _amount('Amount in euros as a decimal string: "42000.00".'),
            "start_date": DATE,
            "end_date": DATE,
            "note": text_field(Cost, "note"),
        },
        ["label", "category", "amount", "start_date", "end_date"],
    )
    contribution = object_schema(
        {
            "beneficiary": {"$ref": "#/$defs/local_id"},
            "status": _enum(ContributionStatus, default=ContributionStatus.IDENTIFIED.value),
            "amount": _amount("Amount in euros.", nullable=True),
            "resource": {
                **NULLABLE_REF,
                "description": "Id of the resource line recording the payment (when paid).",
            },
            "note": text_field(Contribution, "note"),
        },
        ["beneficiary"],
    )
    effect = object_schema(
        {
            "name": text_field(UsefulEffect, "name", required=True),
            "effect_type": _enum(EffectType),
            "description": text_field(UsefulEffect, "description"),
            "blocks": {
                "type": "array",
                "items": {"$ref": "#/$defs/local_id"},
                "uniqueItems": True,
                "default": [],
                "description": "Ids of the blocks producing the effect.",
            },
            "indicator": text_field(UsefulEffect, "indicator"),
            "measured_value": text_field(UsefulEffect, "measured_value"),
            "estimated_annual_value": _amount("Estimated value a year, in euros.", nullable=True),
            "valuation_method": text_field(UsefulEffect, "valuation_method"),
            "valuation_source": text_field(UsefulEffect, "valuation_source"),
            "evidence_level": _enum(EvidenceLevel, default=EvidenceLevel.HYPOTHESIS.value),
            "contributions": {
                "type": "array",
                "items": {"$ref": "#/$defs/contribution"},
                "default": [],
            },
        },
        ["name", "effect_type"],
    )
    economy = object_schema(
        {
            section: {"type": "array", "items": {"$ref": f"#/$defs/{item}"}, "default": []}
            for section, item in zip(SECTIONS, ("resource", "cost", "useful_effect"), strict=True)
        },
        [],
    )
    economy["description"] = (
        "The economic model: resource lines, cost lines and the register of useful effects."
    )
    return {
        "economy": economy,
        "resource": resource,
        "cost": cost,
        "useful_effect": effect,
        "contribution": contribution,
    }


def with_defaults(economy: dict, fill) -> dict:
    """The section with every optional property present (`fill(item, schema)` adds defaults)."""
    defs = schema_defs()
    filled = fill(economy, defs["economy"])
    filled["resources"] = [fill(r, defs["resource"]) for r in filled["resources"]]
    filled["costs"] = [fill(c, defs["cost"]) for c in filled["costs"]]
    filled["useful_effects"] = [
        {
            **fill(e, defs["useful_effect"]),
            "contributions": [fill(c, defs["contribution"]) for c in e.get("contributions", [])],
        }
        for e in filled["useful_effects"]
    ]
    return filled


def actor_refs(economy: dict | None) -> set[str]:
    """The actor ids the section refers to."""
    if not economy:
        return set()
    refs = {r["source"] for r in economy["resources"] if r["source"]}
    return refs | {c["beneficiary"] for e in economy["useful_effects"] for c in e["contributions"]}


def check(economy: dict | None, actor_ids, block_ids, error) -> None:
    """What the schema cannot say: references to ids, dates in order, funding modes of public
    categories, time valued as hours × value, paid contributions linked to a line of the same
    third party. `error(parts, message)` records an error at a path."""
    from terreau.interchange.checks import unknown_actor

    if not economy:
        return
    resource_ids: dict[str, dict] = {}
    for index, item in enumerate(economy["resources"]):
        at = ("economy", "resources", index)
        if item["id"] in resource_ids:
            error((*at, "id"), _("identifiant déjà utilisé par une autre ressource"))
        resource_ids[item["id"]] = item
        if item["source"] and item["source"] not in actor_ids:
            error((*at, "source"), unknown_actor(item["source"]))
        _check_period(item, at, error)
        implied = FUNDING_MODE_OF_CATEGORY.get(item["category"])
        if implied and item["funding_mode"] != implied:
            error(
                (*at, "funding_mode"),
                _("la catégorie « %(category)s » implique le mode « %(mode)s »")
                % {"category": item["category"], "mode": implied.value},
            )
        if Decimal(item["amount"]) <= 0:
            error((*at, "amount"), _("le montant est positif"))
        if item["form"] == ResourceForm.TIME:
            if item["hours"] is None or item["hourly_value"] is None:
                error(at, _("du temps indique ses heures (hours) et leur valeur (hourly_value)"))
            else:
                value = (Decimal(item["hours"]) * Decimal(item["hourly_value"])).quantize(CENT)
                if Decimal(item["amount"]) != value:
                    error(
                        (*at, "amount"),
                        _("doit valoir heures × valeur horaire : %(value)s") % {"value": value},
                    )
        elif item["hours"] is not None or item["hourly_value"] is not None:
            error(at, _("seul du temps indique des heures et une valeur horaire"))
    for index, item in enumerate(economy["costs"]):
        at = ("economy", "costs", index)
        _check_period(item, at, error)
        if Decimal(item["amount"]) <= 0:
            error((*at, "amount"), _("le montant est positif"))
    for index, effect in enumerate(economy["useful_effects"]):
        at = ("economy", "useful_effects", index)
        for position, block_id in enumerate(effect["blocks"]):
            if block_id not in block_ids:
                error(
                    (*at, "blocks", position),
                    _(
                        "brique inconnue : « %(id)s » (aucune brique de $.blocks n'a cet "
                        "identifiant)"
                    )
                    % {"id": block_id},
                )
        seen = set()
        for number, contribution in enumerate(effect["contributions"]):
            where = (*at, "contributions", number)
            beneficiary = contribution["beneficiary"]
            if beneficiary not in actor_ids:
                error((*where, "beneficiary"), unknown_actor(beneficiary))
            elif beneficiary in seen:
                error((*where, "beneficiary"), _("ce tiers contribue déjà à cet effet"))
            seen.add(beneficiary)
            line = contribution["resource"]
            if line is not None and line not in resource_ids:
                error(
                    (*where, "resource"),
                    _("ressource inconnue : « %(id)s » (aucune ressource n'a cet identifiant)")
                    % {"id": line},
                )
            elif line is not None and resource_ids[line]["source"] != beneficiary:
                error((*where, "resource"), _("la ligne de ressource doit venir de ce même tiers"))
            if contribution["status"] == ContributionStatus.PAID and line is None:
                error((*where, "resource"), _("une contribution versée renvoie à sa ressource"))


def _check_period(item: dict, at: tuple, error) -> None:
    if item["end_date"] < item["start_date"]:
        error((*at, "end_date"), _("la fin précède le début"))


def write(economy: dict | None, cooperation, *, actors: dict, blocks: dict, located) -> None:
    """Create the section's lines for `cooperation`; `actors` and `blocks` map the document's
    ids to saved objects; `located(*parts)` reports a service's error at its item."""
    if not economy:
        return
    resources = {}
    for index, item in enumerate(economy["resources"]):
        resource = Resource(
            cooperation=cooperation,
            label=item["label"],
            category=item["category"],
            form=item["form"],
            amount=Decimal(item["amount"]),
            hours=_decimal(item["hours"]),
            hourly_value=_decimal(item["hourly_value"]),
            source=actors[item["source"]] if item["source"] else None,
            start_date=date.fromisoformat(item["start_date"]),
            end_date=date.fromisoformat(item["end_date"]),
            funding_mode=item["funding_mode"],
            earmark=item["earmark"],
            status=item["status"],
            note=item["note"],
        )
        with located("economy", "resources", index):
            resources[item["id"]] = resource_save(resource=resource)
    for index, item in enumerate(economy["costs"]):
        cost = Cost(
            cooperation=cooperation,
            label=item["label"],
            category=item["category"],
            amount=Decimal(item["amount"]),
            start_date=date.fromisoformat(item["start_date"]),
            end_date=date.fromisoformat(item["end_date"]),
            note=item["note"],
        )
        with located("economy", "costs", index):
            cost_save(cost=cost)
    for index, item in enumerate(economy["useful_effects"]):
        effect = UsefulEffect(
            cooperation=cooperation,
            name=item["name"],
            effect_type=item["effect_type"],
            description=item["description"],
            indicator=item["indicator"],
            measured_value=item["measured_value"],
            estimated_annual_value=_decimal(item["estimated_annual_value"]),
            valuation_method=item["valuation_method"],
            valuation_source=item["valuation_source"],
            evidence_level=item["evidence_level"],
        )
        with located("economy", "useful_effects", index):
            useful_effect_save(effect=effect, blocks=[blocks[b] for b in item["blocks"]])
        for number, data in enumerate(item["contributions"]):
            contribution = Contribution(
                effect=effect,
                beneficiary=actors[data["beneficiary"]],
                status=data["status"],
                amount=_decimal(data["amount"]),
                resource=resources[data["resource"]] if data["resource"] else None,
                note=data["note"],
            )
            with located("economy", "useful_effects", index, "contributions", number):
                contribution_save(contribution=contribution)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def involved_actors(cooperation) -> list:
    """The actors the economic model refers to (sources, beneficiaries), for the export."""
    sources = [r.source for r in cooperation.resources.select_related("source__commune")]
    beneficiaries = [
        c.beneficiary
        for c in Contribution.objects.filter(effect__cooperation=cooperation).select_related(
            "beneficiary__commune"
        )
    ]
    return [actor for actor in sources + beneficiaries if actor is not None]


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def export(cooperation, *, actor_ids: dict, position: dict, block_ids: dict, local_ids) -> dict:
    """The section for `cooperation` (empty dict when it has no economic data), deterministic:
    lines in a stable order, resource ids made from their labels."""
    resources = list(cooperation.resources.all())
    costs = list(cooperation.costs.all())
    effects = list(cooperation.useful_effects.prefetch_related("blocks", "contributions__resource"))
    if not (resources or costs or effects):
        return {}

    def source_key(resource):
        return position[resource.source_id] if resource.source_id else -1

    resources.sort(
        key=lambda r: (
            r.start_date,
            r.end_date,
            r.category,
            r.label,
            r.form,
            r.amount,
            source_key(r),
            r.status,
            r.pk,
        )
    )
    resource_ids = dict(
        zip(
            (r.pk for r in resources),
            local_ids([r.label for r in resources], "ressource"),
            strict=True,
        )
    )
    costs.sort(key=lambda c: (c.start_date, c.end_date, c.category, c.label, c.amount, c.pk))
    effects.sort(key=lambda e: (e.name, e.effect_type, e.pk))
    return {
        "resources": [
            {
                "id": resource_ids[r.pk],
                "label": r.label,
                "category": r.category,
                "form": r.form,
                "amount": _money(r.amount),
                "hours": _money(r.hours),
                "hourly_value": _money(r.hourly_value),
                "source": actor_ids[r.source_id] if r.source_id else None,
                "start_date": r.start_date.isoformat(),
                "end_date": r.end_date.isoformat(),
                "funding_mode": r.funding_mode,
                "earmark": r.earmark,
                "status": r.status,
                "note": r.note,
            }
            for r in resources
        ],
        "costs": [
            {
                "label": c.label,
                "category": c.category,
                "amount": _money(c.amount),
                "start_date": c.start_date.isoformat(),
                "end_date": c.end_date.isoformat(),
                "note": c.note,
            }
            for c in costs
        ],
        "useful_effects": [
            {
                "name": e.name,
                "effect_type": e.effect_type,
                "description": e.description,
                "blocks": [block_ids[b.pk] for b in sorted(e.blocks.all(), key=lambda b: b.pk)],
                "indicator": e.indicator,
                "measured_value": e.measured_value,
                "estimated_annual_value": _money(e.estimated_annual_value),
                "valuation_method": e.valuation_method,
                "valuation_source": e.valuation_source,
                "evidence_level": e.evidence_level,
                "contributions": [
                    {
                        "beneficiary": actor_ids[c.beneficiary_id],
                        "status": c.status,
                        "amount": _money(c.amount),
                        "resource": resource_ids[c.resource_id] if c.resource_id else None,
                        "note": c.note,
                    }
                    for c in sorted(
                        e.contributions.all(), key=lambda c: (position[c.beneficiary_id], c.pk)
                    )
                ],
            }
            for e in effects
        ],
    }
