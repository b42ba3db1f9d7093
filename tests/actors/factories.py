"""Helpers shared by several actor test modules: an actor entered by hand, a CLI import, a web
upload."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from terreau.actors.models import Actor
from terreau.cli import main

SIRET = "88234567100003"
ENTERED = {
    "name": "Les Jardins partagés d'Audruicq",
    "kind": "association",
    "description": "Jardins cultivés ensemble, ateliers de semences.",
    "website": "https://jardins.example",
    "email": "contact@jardins.example",
    "phone": "03 21 00 00 00",
}


def hand_entered(client) -> Actor:
    """The actor as a person records it in the web form."""
    client.post(
        "/acteurs/nouveau/",
        {
            **ENTERED,
            "siret": SIRET,
            "resources-TOTAL_FORMS": "0",
            "resources-INITIAL_FORMS": "0",
        },
    )
    return Actor.objects.get(siret=SIRET)


def import_csv(tmp_path, text: str, *extra: str, name="a.csv") -> dict:
    """`terreau actors import` of a CSV file without row errors: its JSON report."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = tmp_path / "report.json"
    status = main(
        ["actors", "import", str(path), "--format", "csv", "--report", str(report), *extra]
    )
    assert status == 0
    return json.loads(report.read_text())


def upload(client, name: str, content: bytes, **fields):
    return client.post(
        "/acteurs/import/",
        {"file": SimpleUploadedFile(name, content), "file_format": "csv", **fields},
    )
