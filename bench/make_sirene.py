"""Generate a synthetic national SIRENE stock: `StockEtablissement_utf8.csv` and the matching
`StockUniteLegale_utf8.csv`, in INSEE's layouts (54 and 35 columns, in file order).

    .venv/bin/python bench/make_sirene.py --rows 2000000 --out /tmp/sirene --seed 1

Nothing in these files is real but the reference data they are drawn from:

- communes: the current communes of `@etalab/decoupage-administratif` (node_modules), drawn
  weighted by population; Paris, Lyon and Marseille are mostly written with their arrondissement
  codes (as INSEE does), sometimes with the commune's own code;
- legal forms (`categories_juridiques.csv`) with national-looking weights: about 35 % entrepreneurs
  individuels (1000), SAS (5710), SARL (5499), SCI (6540), associations (9220; 9260 in Alsace and
  Moselle), cooperatives, mutuals, foundations, communes and intercommunalities…;
- NAF rév. 2 codes (`naf_rev2.csv`) weighted by legal form (SCI rent property, associations are
  mostly 94.99Z, communes 84.11Z…), every sous-classe possible;
- about 15 % closed establishments (`etatAdministratifEtablissement` F), about 5 % partially
  diffusible natural persons (`statutDiffusion…` P, their address written `[ND]`), ESS flag O for
  associations, cooperatives, mutuals and foundations, SIREN and SIRET with valid Luhn keys,
  several establishments for some units, rows sorted by SIREN;
- 5 % malformed establishment rows, in equal parts: missing columns, one column too many, a SIRET
  with a wrong check digit, an unknown commune code, an invalid NAF code.

Names are synthetic and neutral: no real person's name is ever written (natural persons are
`NOMFICTIF…` / `PRENOMFICTIF`). The files are written in chunks: memory stays flat whatever
`--rows`. Same seed, same files.
"""

import argparse
import csv
import itertools
import json
import random
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
COMMUNES_JSON = REPO_DIR / "node_modules/@etalab/decoupage-administratif/data/communes.json"
HEADERS_DIR = REPO_DIR / "tests/fixtures/actors"
DATA_DIR = REPO_DIR / "src/terreau/actors/data"
ESTABLISHMENTS_FILE = "StockEtablissement_utf8.csv"
UNITS_FILE = "StockUniteLegale_utf8.csv"
CHUNK = 20_000  # rows kept in memory before writing

CLOSED_RATE = 0.15  # etatAdministratifEtablissement F
NATURAL_PERSON_HIDDEN_RATE = 0.14  # P among natural persons: ≈ 5 % of all rows (35 % × 14 %)
MALFORMED_RATE = 0.05
MALFORMED_KINDS = ("missing_columns", "extra_column", "bad_siret_key", "unknown_commune", "bad_naf")
ARRONDISSEMENT_RATE = 0.9  # Paris, Lyon, Marseille written with an arrondissement code
FOREIGN_RATE = 0.002  # establishments abroad: no commune code, a country code

# Legal form → weight (per 1,000 legal units). Every code must be a level-3 code of
# categories_juridiques.csv (checked at start). "*" spreads its weight over every other code.
LEGAL_FORM_WEIGHTS = {
    "1000": 350,  # entrepreneur individuel (natural person)
    "5710": 170,  # SAS (and SASU, merged into 5710 by INSEE)
    "5499": 130,  # SARL (and EURL)
    "6540": 80,  # société civile immobilière
    "9220": 80,  # association déclarée
    "6599": 15,  # other société civile
    "5485": 8,  # SELARL
    "5785": 6,  # SELAS
    "5599": 6,  # SA à conseil d'administration
    "5202": 5,  # SNC
    "6533": 4,  # GAEC
    "6585": 3,  # other société civile professionnelle
    "5458": 2,  # SCOP SARL
    "5460": 1.5,  # other cooperative SARL (SCIC…)
    "5560": 0.5,  # other cooperative SA
    "6316": 1,  # CUMA
    "9210": 0.5,  # association non déclarée
    "9300": 0.5,  # foundation
    "8210": 0.5,  # mutuelle
    "8410": 0.5,  # trade union
    "7210": 1.3,  # commune
    "7353": 0.5,  # SIVU
    "7354": 0.3,  # syndicat mixte fermé
    "7346": 0.1,  # communauté de communes
    "7348": 0.03,  # communauté d'agglomération
    "7220": 0.01,  # département
    "7364": 0.1,  # hospital
    "7389": 0.1,  # établissement public national administratif
    "3120": 0.5,  # foreign company registered in France
    "*": 5,
}
ALSACE_MOSELLE = ("57", "67", "68")  # associations there are of local law (9260)

# NAF profiles: heavier codes by family of legal form, on top of every sous-classe at weight 1
# (out of the sum below). "general" is any company or EI not listed.
NAF_PROFILES = {
    "natural_person": {
        "68.20A": 500,  # furnished rentals (LMNP)
        "47.91B": 250,
        "53.20Z": 200,  # delivery riders
        "49.32Z": 150,
        "96.02A": 150,
        "96.02B": 150,
        "86.90D": 200,
        "86.90E": 150,
        "86.21Z": 80,
        "43.34Z": 120,
        "43.99C": 100,
        "43.21A": 80,
        "62.01Z": 150,
        "70.22Z": 250,
        "74.10Z": 150,
        "85.59B": 150,
        "90.01Z": 80,
        "90.03A": 80,
        "47.89Z": 120,
        "56.10C": 80,
        "01.11Z": 60,
        "01.50Z": 40,
        "81.21Z": 80,
        "88.10A": 60,
    },
    "company": {
        "70.10Z": 250,
        "68.20B": 200,
        "56.10A": 200,
        "56.10C": 150,
        "47.11B": 60,
        "43.99C": 150,
        "41.20A": 80,
        "62.01Z": 200,
        "70.22Z": 250,
        "46.90Z": 100,
        "47.71Z": 100,
        "45.20A": 100,
        "86.23Z": 60,
        "69.20Z": 60,
        "71.12B": 80,
        "49.41A": 80,
        "55.10Z": 60,
        "10.71C": 60,
        "47.73Z": 50,
        "73.11Z": 50,
        "82.99Z": 80,
    },
    "real_estate": {"68.20B": 600, "68.20A": 250, "68.32A": 60, "41.10A": 20},
    "association": {
        "94.99Z": 2500,
        "93.12Z": 500,
        "88.99B": 200,
        "85.59B": 150,
        "90.01Z": 150,
        "93.29Z": 150,
        "94.91Z": 60,
        "88.10A": 60,
        "87.90B": 20,
        "85.10Z": 20,
    },
    "cooperative": {"01.61Z": 200, "10.71C": 20, "47.11B": 20, "62.01Z": 30, "43.99C": 30},
    "mutual": {"65.12Z": 300, "66.29Z": 100, "65.11Z": 50, "86.10Z": 30},
    "local_authority": {"84.11Z": 5000, "84.13Z": 200, "36.00Z": 100, "38.11Z": 100},
    "public": {"84.11Z": 200, "86.10Z": 200, "84.12Z": 100, "85.42Z": 50},
    "union": {"94.20Z": 500, "94.11Z": 50, "94.12Z": 50},
}
NAF_PROFILE_BY_FORM = {
    "1000": "natural_person",
    "6540": "real_estate",
    "9220": "association",
    "9210": "association",
    "9260": "association",
    "9300": "association",
    "5458": "cooperative",
    "5460": "cooperative",
    "5560": "cooperative",
    "6316": "cooperative",
    "8210": "mutual",
    "8410": "union",
    "7210": "local_authority",
    "7353": "local_authority",
    "7354": "local_authority",
    "7346": "local_authority",
    "7348": "local_authority",
    "7220": "local_authority",
    "7364": "public",
    "7389": "public",
}
ESS_FORMS_PREFIXES = ("92", "93", "82")  # associations, foundations, mutuals (with cooperatives)
BAD_NAF = ("99.99Z", "00.00A", "56.1", "ZZ.ZZZ", "5610")

# How many establishments a unit has, by family of legal form: (count, weight).
ESTABLISHMENT_COUNTS = {
    "natural_person": ((1, 90), (2, 8), (3, 2)),
    "default": ((1, 80), (2, 12), (3, 4), (4, 2), (6, 1), (12, 1)),
    "association": ((1, 95), (2, 4), (3, 1)),
    "local_authority": ((1, 30), (2, 20), (3, 20), (5, 15), (8, 10), (20, 5)),
}

# Neutral synthetic words: no person's name.
NAME_HEADS = (
    "ATELIER",
    "MAISON",
    "COMPTOIR",
    "JARDINS",
    "SERVICES",
    "CONSEIL",
    "TRANSPORTS",
    "BATIMENT",
    "BOULANGERIE",
    "GARAGE",
    "CABINET",
    "FERME",
    "EPICERIE",
    "STUDIO",
    "SOLUTIONS",
    "HABITAT",
    "ENERGIES",
    "CREATIONS",
    "DISTRIBUTION",
    "RENOVATION",
)
NAME_TAILS = (
    "DU LITTORAL",
    "DES COLLINES",
    "DU VAL",
    "DES TILLEULS",
    "DU MOULIN",
    "DE LA VALLEE",
    "DU PLATEAU",
    "DES PRES",
    "DU CENTRE",
    "DE L OUEST",
    "DU NORD",
    "DES SOURCES",
    "DU BOCAGE",
    "DES MARAIS",
    "DE LA GARE",
    "DU PORT",
    "DES VERGERS",
    "DE LA PLAINE",
)
ASSOCIATION_HEADS = (
    "ASSOCIATION",
    "CLUB SPORTIF",
    "COMITE DES FETES",
    "AMICALE",
    "LES AMIS",
    "FOYER RURAL",
    "UNION",
    "ECOLE DE MUSIQUE",
)
STREET_TYPES = ("RUE", "RUE", "RUE", "AV", "BD", "PL", "CHE", "RTE", "IMP", "ALL", "QUAI", "")
STREET_NAMES = (
    "DE LA GARE",
    "DU MOULIN",
    "DES ECOLES",
    "PRINCIPALE",
    "DE L EGLISE",
    "DU STADE",
    "DES TILLEULS",
    "DE LA REPUBLIQUE",
    "DU CHATEAU",
    "DES VIGNES",
    "DE LA MAIRIE",
    "DU LAVOIR",
    "DES JARDINS",
    "DU PONT",
    "DE LA FONTAINE",
    "DES PEUPLIERS",
    "DU COMMERCE",
    "DE LA LIBERTE",
    "DES CERISIERS",
    "DU CANAL",
)
STAFF_BANDS = ("NN", "NN", "NN", "", "00", "01", "02", "03", "11", "12", "21", "22", "31")
COMPANY_CATEGORIES = ("PME", "PME", "PME", "PME", "", "ETI", "GE")
COUNTRIES = (
    ("99109", "ALLEMAGNE"),
    ("99131", "BELGIQUE"),
    ("99134", "ESPAGNE"),
    ("99127", "ITALIE"),
)
_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def header(name: str) -> list[str]:
    return (HEADERS_DIR / name).read_text(encoding="utf-8").strip().split(",")


def _luhn_sum(digits: str) -> int:
    """Luhn sum of `digits` as the beginning of a number whose check digit is still to come (the
    last digit of `digits` is doubled)."""
    total, double = 0, True
    for char in reversed(digits):
        value = ord(char) - 48
        total += _DOUBLED[value] if double else value
        double = not double
    return total


def luhn_key(digits: str) -> str:
    """The digit that, appended to `digits`, passes the Luhn check."""
    return str(-_luhn_sum(digits) % 10)


def _ascii_upper(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.upper().replace("'", " ").replace("-", " ")


def _read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


class Draw:
    """Weighted random choice, drawn in batches (random.choices once per batch, not per row)."""

    def __init__(self, rng: random.Random, values, weights, batch: int = 50_000) -> None:
        self.rng, self.values, self.batch = rng, list(values), batch
        self.cum = list(itertools.accumulate(weights))
        self.buffer: list = []

    def __call__(self):
        if not self.buffer:
            self.buffer = self.rng.choices(self.values, cum_weights=self.cum, k=self.batch)
        return self.buffer.pop()


class Places:
    """Where establishments are: (commune code, postal code, commune label, département), drawn
    weighted by population; arrondissement codes for Paris, Lyon and Marseille."""

    def __init__(self, rng: random.Random, communes_json: Path) -> None:
        data = json.loads(communes_json.read_text(encoding="utf-8"))
        current = [
            c
            for c in data
            if c["type"] == "commune-actuelle"
            and c.get("population")
            and not c["code"].startswith("98")  # Pacific and TAAF: registers of their own
        ]
        arrondissements: dict[str, list] = {}
        for c in data:
            if c["type"] == "arrondissement-municipal" and c.get("population"):
                arrondissements.setdefault(c["commune"], []).append(c)
        self.rng = rng
        self.place = Draw(
            rng, [self._place(c) for c in current], [c["population"] for c in current]
        )
        self.arrondissement = {
            code: Draw(rng, [self._place(a) for a in items], [a["population"] for a in items])
            for code, items in arrondissements.items()
        }
        self.commune_count = len(current)

    @staticmethod
    def _place(c: dict) -> tuple[str, str, str, str]:
        postal = (c.get("codesPostaux") or [""])[0]
        return (c["code"], postal, _ascii_upper(c["nom"]), c["departement"])

    def __call__(self) -> tuple[str, str, str, str]:
        place = self.place()
        if place[0] in self.arrondissement and self.rng.random() < ARRONDISSEMENT_RATE:
            return self.arrondissement[place[0]]()
        return place


def _legal_form_draw(rng: random.Random) -> Draw:
    forms = {r["code"]: r for r in _read_csv(DATA_DIR / "categories_juridiques.csv")}
    level3 = [code for code, r in forms.items() if r["level"] == "3"]
    unknown = [c for c in LEGAL_FORM_WEIGHTS if c != "*" and c not in level3]
    if unknown:
        sys.exit(f"make_sirene: legal forms not in categories_juridiques.csv: {unknown}")
    others = [c for c in level3 if c not in LEGAL_FORM_WEIGHTS and c != "1000"]
    values = [c for c in LEGAL_FORM_WEIGHTS if c != "*"] + others
    weights = [LEGAL_FORM_WEIGHTS[c] for c in LEGAL_FORM_WEIGHTS if c != "*"]
    weights += [LEGAL_FORM_WEIGHTS["*"] / len(others)] * len(others)
    return Draw(rng, values, weights)


def _naf_draws(rng: random.Random) -> dict[str, Draw]:
    codes = [r["code"] for r in _read_csv(DATA_DIR / "naf_rev2.csv")]
    known = set(codes)
    draws = {}
    for name, heavy in {**NAF_PROFILES, "general": NAF_PROFILES["company"]}.items():
        unknown = [c for c in heavy if c not in known]
        if unknown:
            sys.exit(f"make_sirene: NAF codes not in naf_rev2.csv: {unknown}")
        weights = [1 + heavy.get(code, 0) for code in codes]
        draws[name] = Draw(rng, codes, weights)
    return draws


def _family(form: str) -> str:
    if form == "1000":
        return "natural_person"
    if form.startswith("92"):
        return "association"
    if form.startswith("72") or form in ("7346", "7348", "7353", "7354"):
        return "local_authority"
    return "default"


def generate(out_dir: Path, rows: int, seed: int = 1, communes_json: Path = COMMUNES_JSON) -> dict:
    """Write both files in `out_dir`; return counts (establishments, units, closed, hidden,
    malformed by kind) and the duration."""
    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    rand = rng.random
    etab_columns, unit_columns = (
        header("StockEtablissement_header.csv"),
        header("StockUniteLegale_header.csv"),
    )
    if (len(etab_columns), len(unit_columns)) != (54, 35):
        sys.exit("make_sirene: the official headers should have 54 and 35 columns")

    places = Places(rng, communes_json)
    legal_form = _legal_form_draw(rng)
    naf = _naf_draws(rng)
    counts_draw = {
        family: Draw(rng, [n for n, _w in spec], [w for _n, w in spec])
        for family, spec in ESTABLISHMENT_COUNTS.items()
    }
    # Pools of ready-made strings, picked with pool[int(rand() * len(pool))].
    days = [
        f"{y}-{m:02d}-{d:02d}" for y in range(1960, 2026) for m in range(1, 13) for d in (1, 15)
    ]
    recent = [
        f"{d}T{h:02d}:{(h * 7) % 60:02d}:{(h * 13) % 60:02d}" for d in days[-48:] for h in range(24)
    ]
    numbers = [str(n) for n in range(1, 200)]
    lambert_x = [f"{x:.1f}" for x in (rng.uniform(100_000, 1_200_000) for _ in range(997))]
    lambert_y = [f"{y:.1f}" for y in (rng.uniform(6_050_000, 7_110_000) for _ in range(991))]
    # A SIRET's key is that of SIREN + 4 NIC digits: the two Luhn sums add up (even lengths).
    nic_sums = [_luhn_sum(f"{n:04d}") for n in range(10_000)]
    empty14 = [""] * 14
    stats: Counter = Counter()

    etab_path, unit_path = out_dir / ESTABLISHMENTS_FILE, out_dir / UNITS_FILE
    tmp_etab, tmp_unit = etab_path.with_suffix(".part"), unit_path.with_suffix(".part")
    with (
        tmp_etab.open("w", encoding="utf-8", newline="") as etab_file,
        tmp_unit.open("w", encoding="utf-8", newline="") as unit_file,
    ):
        etab_writer = csv.writer(etab_file, lineterminator="\n")
        unit_writer = csv.writer(unit_file, lineterminator="\n")
        etab_writer.writerow(etab_columns)
        unit_writer.writerow(unit_columns)
        etab_rows: list[list[str]] = []
        unit_rows: list[list[str]] = []
        siren_base = 10_000_000 + rng.randrange(1_000_000)
        association_number = 10_000_000 + rng.randrange(1_000_000)
        written = 0
        while written < rows:
            siren_base += 1 + int(rand() * 40)
            base8 = str(siren_base)
            siren = base8 + luhn_key(base8)
            siren_sum = _luhn_sum(siren)
            if siren == "356000000":  # La Poste: a SIRET rule of its own
                continue
            form = legal_form()
            family = _family(form)
            natural = form == "1000"
            hidden = natural and rand() < NATURAL_PERSON_HIDDEN_RATE
            diffusion = "P" if hidden else "O"
            home = places()
            if form == "9220" and home[3] in ALSACE_MOSELLE:
                form = "9260"
            profile = NAF_PROFILE_BY_FORM.get(form, "natural_person" if natural else "general")
            naf_draw = naf[profile]
            unit_naf = naf_draw()
            ess = (
                "O"
                if form.startswith(ESS_FORMS_PREFIXES) or profile in ("cooperative", "mutual")
                else ("O" if rand() < 0.003 else "N")
            )
            if natural:
                ess = ""
            name = _unit_name(form, family, home, rand, siren_base)
            count = min(counts_draw.get(family, counts_draw["default"])(), rows - written)
            created = days[int(rand() * len(days))]
            open_count = 0
            head_nic = ""
            for index in range(1, count + 1):
                nic = f"{index:04d}{-(siren_sum + nic_sums[index]) % 10}"
                if index == 1:
                    head_nic = nic
                siret = siren + nic
                place = home if index == 1 or rand() < 0.5 else places()
                closed = rand() < CLOSED_RATE
                open_count += not closed
                activity = unit_naf if index == 1 or rand() < 0.7 else naf_draw()
                nomenclature = "NAFRev2"
                if closed and rand() < 0.2:
                    nomenclature = "NAFRev1"
                    activity = activity[:5] if rand() < 0.5 else activity
                foreign = rand() < FOREIGN_RATE
                commune, postal, commune_label = place[0], place[1], place[2]
                country = ("", "")
                if foreign:
                    commune, postal, commune_label = "", "", ""
                    country = COUNTRIES[int(rand() * len(COUNTRIES))]
                if hidden:
                    number = street_type = street = complement = "[ND]"
                    x = y = "[ND]"
                    sign = "[ND]" if rand() < 0.5 else ""
                else:
                    number = numbers[int(rand() * 199)] if rand() < 0.85 else ""
                    street_type = STREET_TYPES[int(rand() * len(STREET_TYPES))]
                    street = STREET_NAMES[int(rand() * len(STREET_NAMES))]
                    complement = "BATIMENT B" if rand() < 0.05 else ""
                    x = lambert_x[int(rand() * 997)]
                    y = lambert_y[int(rand() * 991)]
                    sign = ""
                    if rand() < (0.4 if natural else 0.15):
                        sign = f"{NAME_HEADS[int(rand() * 20)]} {NAME_TAILS[int(rand() * 18)]}"
                usual = "" if natural or rand() < 0.9 else name[:50]
                row = [
                    siren,
                    nic,
                    siret,
                    diffusion,
                    created if index == 1 else days[int(rand() * len(days))],
                    STAFF_BANDS[int(rand() * len(STAFF_BANDS))],
                    "2023" if rand() < 0.3 else "",
                    "",
                    recent[int(rand() * len(recent))],
                    "true" if index == 1 else "false",
                    numbers[int(rand() * 4)],
                    complement,
                    number,
                    "B" if rand() < 0.02 else "",
                    "",
                    "",
                    street_type,
                    street,
                    postal,
                    commune_label,
                    "",
                    "",
                    commune,
                    "",
                    "",
                    country[0],
                    country[1],
                    f"{commune}_{int(rand() * 9000) + 1000}_{number:0>5}"
                    if commune and not hidden
                    else "",
                    x,
                    y,
                    *empty14,
                    days[int(rand() * len(days))],
                    "F" if closed else "A",
                    sign,
                    "",
                    "",
                    usual,
                    activity,
                    nomenclature,
                    "O" if rand() < 0.3 else "N",
                    "",
                ]
                stats["closed"] += closed
                stats["hidden"] += hidden
                if rand() < MALFORMED_RATE:
                    kind = MALFORMED_KINDS[int(rand() * len(MALFORMED_KINDS))]
                    row = _malform(row, kind, rand)
                    stats[f"malformed_{kind}"] += 1
                etab_rows.append(row)
            written += count
            rna = ""
            if form.startswith("92") and rand() < 0.6:  # unique RNA number of an association
                association_number += 1 + int(rand() * 30)
                rna = f"W{association_number:09d}"
            unit_rows.append(
                _unit_row(
                    siren, form, natural, hidden, name, created, unit_naf, head_nic, ess,
                    open_count, rand, days, recent, rna,
                )
            )  # fmt: skip
            stats["units"] += 1
            stats[f"form_{form}"] += 1
            if len(etab_rows) >= CHUNK:
                etab_writer.writerows(etab_rows)
                unit_writer.writerows(unit_rows)
                etab_rows, unit_rows = [], []
        etab_writer.writerows(etab_rows)
        unit_writer.writerows(unit_rows)
    tmp_etab.replace(etab_path)
    tmp_unit.replace(unit_path)
    stats["establishments"] = written
    return {
        "establishments": written,
        "units": stats["units"],
        "closed": stats["closed"],
        "hidden": stats["hidden"],
        "natural_person_units": stats["form_1000"],
        "malformed": {k: stats[f"malformed_{k}"] for k in MALFORMED_KINDS},
        "communes": places.commune_count,
        "seconds": time.perf_counter() - started,
        "paths": (etab_path, unit_path),
    }


def _unit_name(form, family, home, rand, n) -> str:
    if form == "1000":
        return ""
    if family == "local_authority":
        return f"COMMUNE DE {home[2]}" if form == "7210" else f"SYNDICAT INTERCOMMUNAL {n}"
    tail = NAME_TAILS[int(rand() * len(NAME_TAILS))]
    if family == "association":
        head = ASSOCIATION_HEADS[int(rand() * len(ASSOCIATION_HEADS))]
        return f"{head} {tail} {home[2][:20]}"
    head = NAME_HEADS[int(rand() * len(NAME_HEADS))]
    if form == "6540":
        return f"SCI {tail} {n % 10_000}"
    roll = rand()
    if roll < 0.005:
        return f"{head}, {tail} {n % 1000}"  # a comma: the value must be quoted
    if roll < 0.007:
        return f'{head} "{tail}"'  # double quotes inside a quoted value
    return f"{head} {tail} {n % 10_000}"


def _unit_row(
    siren,
    form,
    natural,
    hidden,
    name,
    created,
    naf,
    head_nic,
    ess,
    open_count,
    rand,
    days,
    recent,
    rna,
) -> list[str]:
    nd = "[ND]" if hidden else ""
    last_name = nd or f"NOMFICTIF{int(siren) % 100_000:05d}"
    return [
        siren,
        "P" if hidden else "O",
        "",
        created,
        "" if natural or rand() < 0.9 else name[:3].replace(" ", ""),
        (nd or ("M" if rand() < 0.6 else "F")) if natural else "",
        (nd or "PRENOMFICTIF") if natural else "",
        "",
        "",
        "",
        (nd or "PRENOMFICTIF") if natural else "",
        "",
        rna,
        "NN" if rand() < 0.6 else "01",
        "",
        recent[int(rand() * len(recent))],
        str(1 + int(rand() * 4)),
        "" if natural else COMPANY_CATEGORIES[int(rand() * len(COMPANY_CATEGORIES))],
        "" if natural else "2022",
        days[int(rand() * len(days))],
        "A" if open_count else "C",
        last_name if natural else "",
        "",
        name,
        "",
        "",
        "",
        form,
        naf,
        "NAFRev2",
        head_nic,
        ess,
        "O" if not natural and rand() < 0.001 else "",
        "O" if rand() < 0.3 else "N",
        "",
    ]


def _malform(row: list[str], kind: str, rand) -> list[str]:
    if kind == "missing_columns":
        return row[: -(1 + int(rand() * 5))]
    if kind == "extra_column":
        return [*row, "EN TROP"]
    if kind == "bad_siret_key":
        siret = row[2]
        row[2] = siret[:13] + str((int(siret[13]) + 1 + int(rand() * 9)) % 10)
        return row
    if kind == "unknown_commune":
        row[22] = f"00{int(rand() * 1000):03d}"
        return row
    row[50] = BAD_NAF[int(rand() * len(BAD_NAF))]  # bad_naf
    row[51] = "NAFRev2"
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=2_000_000, help="establishment rows")
    parser.add_argument("--out", type=Path, default=Path("."), help="directory of the two files")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--communes", type=Path, default=COMMUNES_JSON, help="communes.json")
    args = parser.parse_args(argv)
    result = generate(args.out, args.rows, args.seed, args.communes)
    etab, units = result["paths"]
    malformed = ", ".join(f"{k} {v:,}" for k, v in result["malformed"].items())
    print(
        f"{result['establishments']:,} establishments ({etab.stat().st_size / 1e6:,.0f} MB) "
        f"and {result['units']:,} legal units ({units.stat().st_size / 1e6:,.0f} MB) "
        f"in {result['seconds']:.1f} s → {args.out}\n"
        f"closed {result['closed']:,}, partially diffusible {result['hidden']:,}, "
        f"natural-person units {result['natural_person_units']:,}, "
        f"communes drawn from {result['communes']:,}\nmalformed: {malformed}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
