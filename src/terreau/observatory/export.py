"""The observatory's cells as files: JSON (cells and distributions), CSV (one row per cell) and
the Frictionless table schema describing the CSV's columns. Names beside codes: every coded
dimension has its label, in the active language."""

import csv
import io

from django.utils.translation import gettext as _

from terreau.core.spreadsheets import csv_cell
from terreau.core.taxonomies import (
    ActorKind,
    Carrier,
    CooperationModel,
    CooperationType,
    EconomicModel,
    Stage,
)
from terreau.economy.taxonomies import (
    EffectType,
    FundingMode,
    ResourceCategory,
    ResourceFamily,
    ResourceForm,
)
from terreau.observatory.queries import Observation

TAXONOMY_OF_DIMENSION = {
    "form": ResourceForm,
    "family": ResourceFamily,
    "category": ResourceCategory,
    "funding_mode": FundingMode,
    "stage": Stage,
    "cooperation_type": CooperationType,
    "economic_model": EconomicModel,
    "carrier": Carrier,
    "model": CooperationModel,
    "effect_type": EffectType,
    "third_party_kind": ActorKind,
}
PLACES = ("region", "departement")
DIMENSIONS = ("measure", "year", *TAXONOMY_OF_DIMENSION, *PLACES)
CSV_COLUMNS = (*DIMENSIONS, "label", "cooperations", "suppressed", "amount")


def dimension_label(name: str, value, places: dict[str, str]) -> str:
    """The words for one dimension's value ("Ressources publiques", "Bretagne")."""
    if name in TAXONOMY_OF_DIMENSION:
        taxonomy = TAXONOMY_OF_DIMENSION[name]
        return str(taxonomy(value).label) if value in taxonomy.values else str(value)
    if name in PLACES:
        return places.get(f"{name}:{value}") or _("Non localisée")
    return str(value)


def cell_label(dimensions: dict, places: dict[str, str]) -> str:
    """A cell in words: "2025 — Ressources publiques — Subvention publique annuelle"."""
    parts = [
        dimension_label(name, value, places)
        for name, value in dimensions.items()
        if name not in ("measure", "indicator")
    ]
    if dimensions.get("measure") == "contributions":
        parts.insert(0, _("Contributions de tiers aux effets utiles"))
    return " — ".join(parts) or _("Total")


def document(observation: Observation, *, territory=None, year=None) -> dict:
    """The JSON document of the CLI, the API and the page's download."""
    return {
        "territory": territory.ref if territory is not None else None,
        "year": year,
        "years": observation.years,
        "cooperations": observation.cooperations,
        "rules": {"min_cooperations": 3, "dominance": "0.85", "min_distribution": 5},
        "cells": [
            {**cell, "label": cell_label(cell["dimensions"], observation.places)}
            for cell in observation.cells
        ],
        "distributions": observation.distributions,
    }


def csv_text(observation: Observation) -> str:
    """One row per cell; a suppressed cell's amount is empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for cell in observation.cells:
        dimensions = cell["dimensions"]
        writer.writerow(
            [
                *(dimensions.get(name, "") for name in DIMENSIONS),
                csv_cell(cell_label(dimensions, observation.places)),
                cell["cooperations"],
                "true" if cell["suppressed"] else "false",
                cell.get("amount", ""),
            ]
        )
    return out.getvalue()


def table_schema() -> dict:
    """The Frictionless table schema (https://specs.frictionlessdata.io/table-schema/) of the
    CSV."""
    fields = [
        {
            "name": "measure",
            "type": "string",
            "description": "resources (a year's resources) or contributions (third parties' "
            "contributions to useful effects, agreed or paid; not dated)",
            "constraints": {"required": True, "enum": ["resources", "contributions"]},
        },
        {"name": "year", "type": "integer", "description": "calendar year (empty: not dated)"},
    ]
    for name, taxonomy in TAXONOMY_OF_DIMENSION.items():
        fields.append(
            {
                "name": name,
                "type": "string",
                "description": f"{name} (empty: all); values as in /api/v1/taxonomies",
                "constraints": {"enum": list(taxonomy.values)},
            }
        )
    fields += [
        {"name": "region", "type": "string", "description": "INSEE code of the région"},
        {"name": "departement", "type": "string", "description": "INSEE code of the département"},
        {"name": "label", "type": "string", "description": "the cell in words"},
        {
            "name": "cooperations",
            "type": "integer",
            "description": "number of cooperations contributing to the cell",
            "constraints": {"required": True, "minimum": 1},
        },
        {
            "name": "suppressed",
            "type": "boolean",
            "description": "true when statistical secrecy hides the amount",
            "constraints": {"required": True},
        },
        {
            "name": "amount",
            "type": "number",
            "description": "euros, two decimals; empty when suppressed",
        },
    ]
    order = {name: index for index, name in enumerate(CSV_COLUMNS)}
    fields.sort(key=lambda item: order[item["name"]])
    return {"fields": fields, "missingValues": [""]}
