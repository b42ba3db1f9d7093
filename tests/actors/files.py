"""Build files in the official layouts (column rows from tests/fixtures/actors) with given rows."""

import csv
from pathlib import Path

FIXTURES = Path(__file__).parent.parent / "fixtures" / "actors"


def header(name: str, delimiter: str = ",") -> list[str]:
    return (FIXTURES / name).read_text(encoding="utf-8").strip().split(delimiter)


def luhn_complete(digits: str) -> str:
    """Append the digit that makes `digits` pass the Luhn check."""
    for last in "0123456789":
        candidate = digits + last
        total = 0
        for position, char in enumerate(reversed(candidate)):
            value = int(char) * (2 if position % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return candidate
    raise AssertionError(digits)


def siret(n: int) -> str:
    siren = luhn_complete(f"{100000000 + n:09d}"[1:9])
    return luhn_complete(siren + "0001")


def write_csv(path: Path, columns: list[str], rows: list[dict], *, delimiter=",", encoding="utf-8"):
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.DictWriter(f, columns, delimiter=delimiter, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})
    return path


def establishment(n: int, commune: str = "62057", **values) -> dict:
    number = siret(n)
    row = {
        "siren": number[:9],
        "nic": number[9:],
        "siret": number,
        "statutDiffusionEtablissement": "O",
        "etatAdministratifEtablissement": "A",
        "codeCommuneEtablissement": commune,
        "codePostalEtablissement": "62370",
        "numeroVoieEtablissement": "12",
        "typeVoieEtablissement": "RUE",
        "libelleVoieEtablissement": "DE LA GARE",
        "activitePrincipaleEtablissement": "56.10A",
        "nomenclatureActivitePrincipaleEtablissement": "NAFRev2",
        "enseigne1Etablissement": f"ENSEIGNE {n}",
    }
    row.update(values)
    return row


def legal_unit(n: int, **values) -> dict:
    row = {
        "siren": siret(n)[:9],
        "statutDiffusionUniteLegale": "O",
        "denominationUniteLegale": f"STRUCTURE {n}",
        "categorieJuridiqueUniteLegale": "5710",
        "economieSocialeSolidaireUniteLegale": "N",
        "etatAdministratifUniteLegale": "A",
    }
    row.update(values)
    return row


def sirene_files(tmp_path: Path, establishments: list[dict], units: list[dict] | None = None):
    etab = write_csv(
        tmp_path / "StockEtablissement_utf8.csv",
        header("StockEtablissement_header.csv"),
        establishments,
    )
    if units is None:
        return etab, None
    ul = write_csv(
        tmp_path / "StockUniteLegale_utf8.csv", header("StockUniteLegale_header.csv"), units
    )
    return etab, ul


def rna_file(tmp_path: Path, rows: list[dict], *, encoding="cp1252") -> Path:
    return write_csv(
        tmp_path / "rna_waldec_20261101_62.csv",
        header("rna_waldec_header.csv", ";"),
        rows,
        delimiter=";",
        encoding=encoding,
    )


def association(number: str, **values) -> dict:
    row = {
        "id": number,
        "titre": "LES JARDINS PARTAGÉS D'AUDRUICQ",
        "objet": "favoriser le lien social par le jardinage",
        "adrs_numvoie": "3",
        "adrs_typevoie": "RUE",
        "adrs_libvoie": "du Marché",
        "adrs_codeinsee": "62057",
        "adrs_codepostal": "62370",
        "adrs_libcommune": "Audruicq",
        "position": "A",
    }
    row.update(values)
    return row
