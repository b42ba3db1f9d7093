"""Every importer, fed malformed and hostile files, keeps its contract from the command line: it
imports (exit 0), reports located row errors (exit 1) or says the file cannot be read (exit 2) —
never an exception — and writes nothing on exit 2, nor with --atomic when a row fails.

Files come from hypothesis strategies (spreadsheets in any encoding and delimiter, with title
rows, trailing empty rows, several sheets, Excel dates and formulas, damaged bytes; JSON of any
shape) and from the hostile cases people actually bring. The number of examples is bounded so
that the whole file runs in well under a minute per database; TERREAU_FUZZ_EXAMPLES=500 hunts
longer.
"""

import codecs
import csv
import datetime
import io
import json
import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from terreau.actors.importers.sirene import ESTABLISHMENT_COLUMNS
from terreau.actors.importers.spreadsheet import SYNONYMS
from terreau.actors.models import Actor, ImportJob
from terreau.diagnosis.models import Need
from terreau.diagnosis.needs_import import COLUMNS as NEED_COLUMNS
from terreau.maturity.grids import GRID_DIR
from terreau.offers.importers import FILE_FIELDS
from tests.actors.files import FIXTURES as ACTOR_FIXTURES
from tests.actors.files import establishment, header, siret
from tests.core.commands import ACTORS, NEEDS, OFFERS, TERRITORY, imported
from tests.personas import client_for

pytestmark = pytest.mark.django_db

COOPERATION = Path(__file__).parents[2] / "src/terreau/cooperations/data/la-butinerie.json"
FUZZ = settings(
    max_examples=int(os.environ.get("TERREAU_FUZZ_EXAMPLES", "15")),
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

# --- strategies ---------------------------------------------------------------------------------

# Values people type in spreadsheets, and what breaks naive readers.
TYPICAL = [
    "",
    " ",
    "62057",
    "62 057",
    "2A004",
    "882 345 671 00003",
    siret(1),
    "W623000001",
    "12,5",
    "1 234,50 €",
    "12/10/2026",
    "2026-10-12",
    "45123",
    "1e999999999",
    "=1+1",
    '=HYPERLINK("http://x","y")',
    "+33 3 21 00 00 00",
    "@SUM(A1)",
    "Se nourrir, s'alimenter",
    "food | mobility",
    "association",
    "Association",
    "oui",
    "haute",
    "atelier",
    "support",
    "financing",
    "grant",
    "departement:62",
    "https://exemple.org",
    "exemple.org",
    "x" * 400,
    '"',
    "a\nb",
    "\r",
    "\ufeff",
    "🙂",
]
CELLS = st.one_of(
    st.sampled_from(TYPICAL),
    st.text(st.characters(exclude_characters="\x00", exclude_categories=["Cs"])),
)
# openpyxl refuses the control characters XML cannot hold.
XML_TEXT = st.text(st.characters(exclude_categories=["Cc", "Cs"]), max_size=20)
XLSX_VALUES = st.one_of(
    st.sampled_from(TYPICAL).filter(lambda v: "\r" not in v),
    XML_TEXT,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(min_value=datetime.datetime(1900, 3, 1)),
    st.dates(min_value=datetime.date(1900, 3, 1)),
)
RNA_COLUMNS = (ACTOR_FIXTURES / "rna_waldec_header.csv").read_text().strip().split(";")
COLUMN_NAMES = sorted(
    {name for names in SYNONYMS.values() for name in names}
    | {name for names in NEED_COLUMNS.values() for name in names}
    | {name for names in FILE_FIELDS.values() for name in names}
    | set(RNA_COLUMNS)
)
HEADERS = st.lists(st.sampled_from(COLUMN_NAMES) | st.text(max_size=8), min_size=1, max_size=8)


def headers(required: str, names) -> st.SearchStrategy[list[str]]:
    """Headers holding the `required` column and others of `names` (or not), in any order."""
    others = st.lists(st.sampled_from(sorted(names)) | st.text(max_size=8), max_size=8)
    return st.builds(lambda rest, at: [*rest[:at], required, *rest[at:]], others, st.integers(0, 8))


ACTOR_HEADERS = headers("nom", {name for names in SYNONYMS.values() for name in names})
NEED_HEADERS = headers("titre", {name for names in NEED_COLUMNS.values() for name in names})
OFFER_HEADERS = headers("nom", {name for names in FILE_FIELDS.values() for name in names})


@st.composite
def damaged(draw, data: bytes) -> bytes:
    """`data`, sometimes with a few random bytes put in or cut off. Positions are drawn whatever
    the length, which varies for the same choices (an XLSX file holds the time it was saved)."""
    position = draw(st.integers(0, 1 << 20)) % (len(data) + 1)
    if draw(st.integers(0, 3)) == 0:
        return data[:position] + draw(st.binary(max_size=6)) + data[position:]
    if draw(st.integers(0, 5)) == 0:
        return data[:position]
    return data


@st.composite
def csv_files(draw, headers=HEADERS) -> bytes:
    header = draw(headers)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=draw(st.sampled_from([",", ";", "\t"])))
    for title in draw(st.lists(st.text(max_size=30), max_size=2)):
        writer.writerow([title])
    writer.writerow(header)
    writer.writerows(draw(st.lists(st.lists(CELLS, max_size=len(header) + 2), max_size=5)))
    writer.writerows([[""] * len(header)] * draw(st.integers(0, 2)))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    return draw(damaged(buffer.getvalue().encode(encoding, errors="replace")))


@st.composite
def xlsx_files(draw, headers=HEADERS) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for index in range(draw(st.integers(1, 3))):
        sheet = workbook.create_sheet(f"Feuille {index}")
        for title in draw(st.lists(XML_TEXT, max_size=2)):
            sheet.append([title])
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", name) for name in draw(headers)])
        for row in draw(st.lists(st.lists(XLSX_VALUES, max_size=8), max_size=5)):
            sheet.append(row)
        for _empty in range(draw(st.integers(0, 2))):
            sheet.append([" "])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return draw(damaged(buffer.getvalue()))


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10)
    | st.sampled_from(TYPICAL),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=10,
)


@st.composite
def json_files(draw, documents) -> bytes:
    """JSON of `documents`, sometimes wrapped 10,000 deep, with a byte order mark, or damaged."""
    document = draw(documents)
    if draw(st.integers(0, 5)) == 0:
        document = json.loads("[" * 100 + "]" * 100) if draw(st.booleans()) else [document]
        text = "[" * 10_000 + json.dumps(document) + "]" * 10_000
    else:
        text = json.dumps(document, ensure_ascii=draw(st.booleans()))
    data = text.encode()
    if draw(st.booleans()):
        data = codecs.BOM_UTF8 + data
    return draw(damaged(data))


def items(keys: list[str]):
    """JSON objects with some of `keys` (and others), holding any value."""
    return st.dictionaries(st.sampled_from(keys) | st.text(max_size=5), JSON_VALUES, max_size=8)


AIDES_TERRITOIRES_FIELDS = [
    "id",
    "name",
    "description",
    "eligibility",
    "contact",
    "mobilization_steps",
    "targeted_audiences",
    "aid_types",
    "is_call_for_project",
    "recurrence",
    "start_date",
    "submission_deadline",
    "subvention_rate_lower_bound",
    "subvention_rate_upper_bound",
    "loan_amount",
    "recoverable_advance_amount",
    "application_url",
    "origin_url",
    "url",
    "import_share_licence",
    "financers",
    "instructors",
    "perimeter",
]

# --- every importer, on generated files ----------------------------------------------------------


@FUZZ
@given(data=st.one_of(csv_files(), csv_files(ACTOR_HEADERS)), atomic=st.booleans())
def test_actor_spreadsheets_in_csv(data, atomic):
    imported([*ACTORS, "csv"], data, ".csv", atomic=atomic)


@FUZZ
@given(data=xlsx_files(ACTOR_HEADERS), atomic=st.booleans())
def test_actor_spreadsheets_in_xlsx(data, atomic):
    imported([*ACTORS, "xlsx"], data, ".xlsx", atomic=atomic)


@FUZZ
@given(
    data=csv_files(st.just(RNA_COLUMNS)),
    atomic=st.booleans(),
)
def test_rna_files(data, atomic):
    imported([*ACTORS, "rna"], data, ".csv", atomic=atomic)


@st.composite
def sirene_files(draw) -> bytes:
    """StockEtablissement files whose rows have a few values replaced by anything."""
    columns = header("StockEtablissement_header.csv")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for n in range(draw(st.integers(0, 4))):
        row = establishment(n, commune=draw(st.sampled_from(["62057", "62041", "93055"])))
        for column in draw(st.lists(st.sampled_from(ESTABLISHMENT_COLUMNS), max_size=3)):
            row[column] = draw(CELLS)
        writer.writerow([row.get(column, "") for column in columns])
    return draw(damaged(buffer.getvalue().encode()))


@FUZZ
@given(data=sirene_files(), territory=st.booleans(), atomic=st.booleans())
def test_sirene_files(data, territory, atomic):
    command = [*ACTORS, "sirene", *(["--territory", TERRITORY] if territory else [])]
    imported(command, data, ".csv", atomic=atomic)


@pytest.fixture
def uploader(alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    alice.user_permissions.add(Permission.objects.get(codename="import_actors"))
    return client_for(alice)


@FUZZ
@given(
    data=st.one_of(csv_files(ACTOR_HEADERS), xlsx_files(ACTOR_HEADERS), sirene_files()),
    file_format=st.sampled_from(["csv", "xlsx", "sirene", "rna"]),
)
def test_the_web_import_of_any_upload_answers_with_a_page(uploader, data, file_format):
    """The upload, its preview and its run: a page every time, never a server error."""
    with transaction.atomic():
        upload = SimpleUploadedFile(f"fichier.{file_format}", data)
        response = uploader.post("/acteurs/import/", {"file": upload, "file_format": file_format})
        job = ImportJob.objects.first()
        if job is None:  # an empty file, refused by the form
            assert response.status_code == 200 and response.context["form"].errors
            return
        assert uploader.get(f"/acteurs/import/{job.pk}/").status_code == 200
        uploader.post(f"/acteurs/import/{job.pk}/lancer/")
        job.refresh_from_db()
        assert job.status in ("done", "failed")
        assert "Error(" not in job.error  # a DataFileError's message, not an exception's repr
        assert uploader.get(f"/acteurs/import/{job.pk}/").status_code == 200
        transaction.set_rollback(True)


@FUZZ
@given(
    data=st.one_of(csv_files(NEED_HEADERS), xlsx_files(NEED_HEADERS)),
    xlsx=st.booleans(),
    atomic=st.booleans(),
)
def test_needs_registers(alice, data, xlsx, atomic):
    suffix = ".xlsx" if data.startswith(b"PK") or xlsx else ".csv"
    imported(NEEDS, data, suffix, atomic=atomic)


@FUZZ
@given(data=csv_files(OFFER_HEADERS), atomic=st.booleans())
def test_offers_in_csv(data, atomic):
    imported([*OFFERS, "csv"], data, ".csv", atomic=atomic)


@FUZZ
@given(
    data=json_files(st.lists(items(list(FILE_FIELDS)), max_size=3) | JSON_VALUES),
    atomic=st.booleans(),
)
def test_offers_in_json(data, atomic):
    imported([*OFFERS, "json"], data, ".json", atomic=atomic)


@FUZZ
@given(
    data=json_files(
        st.fixed_dictionaries({"results": st.lists(items(AIDES_TERRITOIRES_FIELDS), max_size=3)})
        | JSON_VALUES
    ),
    atomic=st.booleans(),
)
def test_aides_territoires_pages(data, atomic):
    imported([*OFFERS, "aides-territoires"], data, ".json", atomic=atomic)


def with_replaced_value(document, path: list[int], value):
    """`document` with the value found by walking `path` (indexes into sorted keys or lists)
    replaced by `value`."""
    parent, key, node = None, None, document
    for step in path:
        if isinstance(node, dict) and node:
            child = sorted(node)[step % len(node)]
        elif isinstance(node, list) and node:
            child = step % len(node)
        else:
            break
        parent, key, node = node, child, node[child]
    if parent is None:
        return value
    parent[key] = value
    return document


SAMPLE = json.loads(COOPERATION.read_text())


@FUZZ
@given(
    data=json_files(
        st.builds(
            with_replaced_value,
            st.just(SAMPLE).map(lambda d: json.loads(json.dumps(d))),
            st.lists(st.integers(0, 20), max_size=4),
            JSON_VALUES,
        )
    )
)
def test_cooperation_documents(alice, data):
    imported(["cooperation", "import", "FILE", "--user", "alice"], data, ".json")


GRID = json.loads((GRID_DIR / "v1.json").read_text())


@FUZZ
@given(
    data=json_files(
        st.builds(
            with_replaced_value,
            st.just(GRID).map(lambda d: json.loads(json.dumps(d))),
            st.lists(st.integers(0, 20), max_size=4),
            JSON_VALUES,
        )
    )
)
def test_maturity_grids(data):
    imported(["maturity", "check-grid", "FILE"], data, ".json")


# --- the hostile files people bring --------------------------------------------------------------


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_french_csv_with_bom_semicolons_decimal_commas_and_a_title_row():
    data = (
        codecs.BOM_UTF8
        + (
            "Inventaire des acteurs, mars 2026\n\n"
            "Nom;Code commune;Adresse\n"
            "Épicerie solidaire;62057;12,5 rue de la Gare\n"
            ";;\n;;\n"
        ).encode()
    )
    assert imported([*ACTORS, "csv"], data, ".csv", keep=True)[0] == 0
    assert Actor.objects.get().address == "12,5 rue de la Gare"


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-8-sig"])
def test_spreadsheet_software_encodings_are_read(encoding):
    data = "Nom\tCode commune\nCafé des Épis\t62057\n".encode(encoding)
    assert imported([*ACTORS, "csv"], data, ".csv", keep=True)[0] == 0
    assert Actor.objects.get().name == "Café des Épis"


def test_an_unknown_encoding_or_nul_bytes_say_the_file_is_unreadable(alice):
    status, output = imported([*ACTORS, "csv"], b"nom\n\x81\x8d\n", ".csv")
    assert status == 2 and "encodage illisible" in output
    status, output = imported([*ACTORS, "csv"], b"nom;code commune\nA\x00B;62057\n", ".csv")
    assert status == 2 and "ligne 2" in output and "caractère nul" in output
    # UTF-16 without its byte order mark is full of NUL bytes.
    status, output = imported(NEEDS, "titre\nx\n".encode("utf-16-le"), ".csv")
    assert status == 2 and "caractère nul" in output


def test_excel_dates_formulas_several_sheets_and_trailing_empty_rows(alice):
    data = xlsx(
        {
            "Notice": [["Registre des besoins du Pays d'Audruicq"], ["Sources : ateliers"]],
            "Besoins": [
                ["Registre 2026"],
                [],
                ["Titre", "Date", "Comment", "Nombre"],
                ["Pas de médecin le samedi", datetime.datetime(2026, 10, 12), "atelier", "=1+1"],
                [None, None, None, None],
                [" "],
            ],
        }
    )
    status, output = imported(NEEDS, data, ".xlsx", keep=True)
    assert status == 0, output
    assert str(Need.objects.get().voiced_on) == "2026-10-12"


def test_a_number_typed_in_a_spreadsheet_is_read_as_the_text_shown():
    number = "88234567100003"
    data = xlsx({"Acteurs": [["nom", "siret", "code commune"], ["A", float(number), 62057.0]]})
    status, output = imported([*ACTORS, "xlsx"], data, ".xlsx", keep=True)
    assert status == 0, output
    assert (Actor.objects.get().siret, Actor.objects.get().commune.code) == (number, "62057")


def test_ten_thousand_columns():
    header = ["nom", *(f"colonne {n}" for n in range(10_000))]
    text = ",".join(header) + "\nA," + ",".join("x" for _n in range(10_000)) + "\n"
    assert imported([*ACTORS, "csv"], text.encode(), ".csv")[0] == 0
    data = xlsx({"Feuille": [header, ["A", *("x" for _n in range(10_000))]]})
    assert imported([*ACTORS, "xlsx"], data, ".xlsx")[0] == 0


def test_values_longer_than_their_column_are_row_errors(alice):
    text = "nom,code commune,code postal\n" + "x" * 301 + ",62057,62370\nB,62057,623700\n"
    status, output = imported([*ACTORS, "csv"], text.encode(), ".csv", atomic=True)
    assert status == 1 and "300 caractères au plus" in output and "5 caractères" in output, output
    register = "titre;date;comment\n" + "t" * 201 + ";2026-01-01;atelier\n"
    status, output = imported(NEEDS, register.encode(), ".csv")
    assert status == 1 and "200 caractères au plus" in output, output


DEEP = ("[" * 10_000 + "]" * 10_000).encode()


@pytest.mark.parametrize(
    "command",
    [
        [*OFFERS, "json"],
        [*OFFERS, "aides-territoires"],
        ["cooperation", "import", "FILE"],
        ["maturity", "check-grid", "FILE"],
    ],
)
def test_json_nested_ten_thousand_deep_is_refused(command):
    status, output = imported(command, DEEP, ".json")
    assert status == 2 and "imbriquées sur plus de 64 niveaux" in output


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'[{"name": "x\\u0000", "kind": "support"}]', "$[0].name : caractère interdit"),
        (b'[{"name": "x", "amount_min": NaN}]', "NaN n'est pas une valeur JSON"),
        (b'[{"name": "x", "amount_min": 1' + b"0" * 5000 + b"}]", "nombre trop long"),
        ('[{"name": "x"}]'.encode("utf-16"), "pas en UTF-8"),
        (b'[{"name": "x",]', "ligne 1 : JSON mal formé"),
    ],
)
def test_json_that_no_database_can_store_is_refused(data, message):
    status, output = imported([*OFFERS, "json"], data, ".json")
    assert status == 2 and message in output


def test_a_number_too_large_to_convert_is_a_row_error():
    data = b"nom;nature;duree mois\nOffre;support;1e999999999\n"
    status, output = imported([*OFFERS, "csv"], data, ".csv")
    assert status == 1 and "duree mois «1e999999999»: nombre trop grand" in output


def test_aides_territoires_values_of_the_wrong_type_are_row_errors():
    page = {
        "results": [
            {
                "id": 1,
                "name": "Aide",
                "aid_types": "Subvention",
                "url": 5,
                "financers": "Région",
                "loan_amount": "beaucoup",
                "recoverable_advance_amount": 5000,
            }
        ]
    }
    status, output = imported([*OFFERS, "aides-territoires"], json.dumps(page).encode(), ".json")
    assert status == 1 and "loan_amount «beaucoup»" in output and "url «5»" in output
