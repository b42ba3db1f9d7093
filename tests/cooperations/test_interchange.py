"""A whole cooperation as a JSON document: export, import, the schema, the command line and the
demonstration data set that is loaded through it."""

import json
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terreau.actors.models import Actor, ActorChange, Source
from terreau.actors.validators import luhn_valid
from terreau.cli import main
from terreau.cooperations.models import (
    AccessRole,
    BuildingBlock,
    Cooperation,
    CooperationAccess,
    JournalEntry,
    Member,
    Relation,
)
from terreau.core.taxonomies import (
    ActorKind,
    CooperationModel,
    CooperationType,
    LifeFunction,
    MemberRole,
    RelationKind,
    Stage,
    StoryTag,
    TerritorialIssue,
)
from terreau.demo import demo_load
from terreau.interchange import (
    InterchangeError,
    cooperation_export,
    cooperation_import,
    document_json,
)
from terreau.interchange.checks import latest_stage_change
from terreau.interchange.schema import cooperation_schema, keys, schema_json
from terreau.territories.models import Commune
from tests.cooperations.factories import make_actor

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parents[2] / "src/terreau/cooperations/data/la-butinerie.json"
SCHEMA_FILE = Path(__file__).parents[2] / "docs/schemas/cooperation.schema.json"
RECORD_MODELS = [
    Actor,
    ActorChange,
    Cooperation,
    CooperationAccess,
    Member,
    BuildingBlock,
    Relation,
    JournalEntry,
]


def sample() -> dict:
    return json.loads(SAMPLE.read_text())


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in RECORD_MODELS}


def with_key(digits: str) -> str:
    """`digits` followed by the digit that makes the whole pass the Luhn check."""
    return next(digits + str(key) for key in range(10) if luhn_valid(digits + str(key)))


def actor_index(document: dict, name: str) -> int:
    return next(i for i, actor in enumerate(document["actors"]) if actor["name"] == name)


def export_of_import(document: dict, user) -> dict:
    """Import into the database as it is, export, then undo the import."""
    with transaction.atomic():
        exported = cooperation_export(cooperation_import(document, by=user))
        transaction.set_rollback(True)
    return exported


def canonical(document: dict) -> dict:
    """The document with its local ids replaced by what they point to and its lists sorted: two
    documents saying the same thing in another order or with other ids are equal."""
    actors = {a["id"]: {k: v for k, v in a.items() if k != "id"} for a in document["actors"]}
    blocks = {b["id"]: {k: v for k, v in b.items() if k != "id"} for b in document["blocks"]}

    def dumped(value) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)

    def actor(actor_id):
        return dumped(actors[actor_id])

    def block(block_id):
        return dumped(
            {**blocks[block_id], "operators": sorted(map(actor, blocks[block_id]["operators"]))}
        )

    return {
        "cooperation": document["cooperation"],
        "actors": sorted(map(dumped, actors.values())),
        "members": sorted(dumped({**m, "actor": actor(m["actor"])}) for m in document["members"]),
        "blocks": sorted(block(block_id) for block_id in blocks),
        "relations": sorted(
            dumped({**r, "source": actor(r["source"]), "target": actor(r["target"])})
            for r in document["relations"]
        ),
        "journal": sorted(
            dumped(
                {
                    **e,
                    "members": sorted(map(actor, e["members"])),
                    "blocks": sorted(map(block, e["blocks"])),
                }
            )
            for e in document["journal"]
        ),
    }


# Round trips


def test_la_butinerie_imports_and_exports_as_the_same_document(alice):
    cooperation = cooperation_import(sample(), by=alice)

    assert cooperation_export(cooperation) == sample()
    assert cooperation.role_of(alice) == AccessRole.ADMINISTRATOR
    assert cooperation.stage == "consolidation" and cooperation.territory_ref == "commune:93055"
    assert (cooperation.members.count(), cooperation.blocks.count()) == (8, 6)
    assert (cooperation.relations.count(), cooperation.journal.count()) == (9, 9)
    signatures = set(cooperation.journal.values_list("author_name", "author"))
    assert signatures == {("Équipe de démonstration", None)}
    created = Actor.objects.get(name="Crèches de Pantin")
    assert (created.source, created.source_name, created.is_public, created.created_by) == (
        Source.MANUAL,
        "",
        False,
        alice,
    )


def test_the_sample_is_written_as_the_export_writes_it(alice):
    cooperation = cooperation_import(sample(), by=alice)
    assert document_json(cooperation_export(cooperation)) == SAMPLE.read_text()


def test_a_document_that_leaves_out_optional_fields_gets_their_defaults(alice):
    document = {
        "format": "terreau-cooperation",
        "version": 1,
        "cooperation": {
            "name": "Garage solidaire du Pays d'Audruicq",
            "aim": "Réparer les voitures de celles et ceux qui en ont besoin pour travailler",
            "territory": "epci:246200844",
            "cooperation_type": "modelled",
            "economic_model": "hybrid",
            "carrier": "citizen",
            "stage": "emergence",
            "legal_form": "association",
        },
        "actors": [
            {"id": "a", "name": "Garage", "kind": "association"},
            {"id": "b", "name": "Commune d'Audruicq", "kind": "local_authority"},
        ],
        "members": [{"actor": "a", "roles": ["lead"]}],
        "relations": [{"source": "b", "target": "a", "kind": "funding"}],
    }
    cooperation = cooperation_import(document, by=alice)
    exported = cooperation_export(cooperation)
    assert exported["cooperation"]["slug"] == "garage-solidaire-du-pays-daudruicq"
    assert exported["cooperation"]["is_public"] is False and exported["journal"] == []
    assert exported["relations"][0]["directed"] is True  # a funding goes from funder to funded
    assert exported["members"][0]["joined_on"] is None
    assert cooperation.stage == "emergence"


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(document=st.deferred(lambda: documents()))
def test_any_document_survives_import_and_export(alice, document):
    first = export_of_import(document, alice)
    assert canonical(first) == canonical(document)
    assert export_of_import(first, alice) == first


# Invalid documents


def mutated(change) -> dict:
    document = sample()
    change(document)
    return document


BUTINERIE = sample()
WORKSHOPS = next(i for i, b in enumerate(BUTINERIE["blocks"]) if b["name"].startswith("Ateliers"))
NUTRITIONIST = "nutritionniste-partenaire"
VALID_SIRET = with_key("7328293200007")
WRONG_KEY = VALID_SIRET[:-1] + str((int(VALID_SIRET[-1]) + 1) % 10)
INVALID = {
    "wrong role": (
        lambda d: d["members"][2]["roles"].__setitem__(0, "porteur"),
        "$.members[2].roles[0]",
        "porteur",
    ),
    "missing aim": (
        lambda d: d["cooperation"].pop("aim"),
        "$.cooperation.aim",
        "obligatoire",
    ),
    "unknown field": (
        lambda d: d["actors"][0].update(nom="x"),
        "$.actors[0].nom",
        "inconnu",
    ),
    "impossible date": (
        lambda d: d["journal"][3].update(happened_on="2023-02-30"),
        "$.journal[3].happened_on",
        "date",
    ),
    "stage change without a stage": (
        lambda d: d["journal"][0].update(stage=""),
        "$.journal[0].stage",
        "consolidation",
    ),
    "unknown operator": (
        lambda d: d["blocks"][0]["operators"].append("inconnu"),
        "$.blocks[0].operators[2]",
        "inconnu",
    ),
    "operator who is not a member": (
        lambda d: d.update(members=[m for m in d["members"] if m["actor"] != NUTRITIONIST]),
        f"$.blocks[{WORKSHOPS}].operators"
        f"[{BUTINERIE['blocks'][WORKSHOPS]['operators'].index(NUTRITIONIST)}]",
        "n'est pas membre",
    ),
    "unknown block in the journal": (
        lambda d: d["journal"][1]["blocks"].append("potager"),
        "$.journal[1].blocks[1]",
        "potager",
    ),
    "repeated actor id": (
        lambda d: d["actors"][1].update(id=d["actors"][0]["id"]),
        "$.actors[1].id",
        "$.actors[0]",
    ),
    "SIRET with a wrong key": (
        lambda d: d["actors"][0].update(siret=WRONG_KEY),
        "$.actors[0].siret",
        "clé",
    ),
    "unknown commune": (
        lambda d: d["actors"][1].update(commune="93999"),
        "$.actors[1].commune",
        "93999",
    ),
    "unknown territory": (
        lambda d: d["cooperation"].update(territory="commune:99999"),
        "$.cooperation.territory",
        "commune:99999",
    ),
    "stage that is not the journal's": (
        lambda d: d["cooperation"].update(stage="scaling"),
        "$.cooperation.stage",
        "consolidation",
    ),
    "relation of an actor with itself": (
        lambda d: d["relations"][0].update(target=d["relations"][0]["source"]),
        "$.relations[0].target",
        "deux acteurs",
    ),
    "member leaving before joining": (
        lambda d: d["members"][0].update(left_on="2019-01-01"),
        "$.members[0].left_on",
        "précède",
    ),
    "actor used nowhere": (
        lambda d: d["actors"].append({"id": "seul", "name": "Seul", "kind": "inhabitant"}),
        f"$.actors[{len(BUTINERIE['actors'])}].id",
        "ni membre",
    ),
}


@pytest.mark.parametrize(("change", "path", "words"), INVALID.values(), ids=INVALID.keys())
def test_an_invalid_document_is_refused_at_its_path_and_changes_nothing(alice, change, path, words):
    make_actor("Déjà là", siret=VALID_SIRET)
    before = row_counts()
    with pytest.raises(InterchangeError) as refused:
        cooperation_import(mutated(change), by=alice)
    paths = [error.path for error in refused.value.errors]
    assert path in paths, refused.value
    assert words in next(e.message for e in refused.value.errors if e.path == path)
    assert row_counts() == before


def test_every_schema_error_is_reported_at_once(alice):
    def three_errors(d):
        d["members"][2]["roles"][0] = "porteur"
        del d["cooperation"]["aim"]
        d["relations"][1]["amount"] = "60 000 €"

    with pytest.raises(InterchangeError) as refused:
        cooperation_import(mutated(three_errors), by=alice)
    assert [error.path for error in refused.value.errors] == [
        "$.cooperation.aim",
        "$.members[2].roles[0]",
        "$.relations[1].amount",
    ]


def test_a_used_slug_is_refused_unless_another_is_given(alice):
    cooperation_import(sample(), by=alice)
    before = row_counts()
    with pytest.raises(InterchangeError) as refused:
        cooperation_import(sample(), by=alice)
    assert [str(e) for e in refused.value.errors] == [
        "$.cooperation.slug : une coopération porte déjà l'identifiant « la-butinerie »"
    ]
    assert row_counts() == before
    copy_ = cooperation_import(sample(), by=alice, slug="la-butinerie-copie")
    assert copy_.slug == "la-butinerie-copie"
    assert Actor.objects.count() == before["Actor"]  # the second import found every actor


def test_an_error_while_writing_undoes_everything_written_before(alice, monkeypatch):
    from terreau.interchange import importer

    real_prepare = importer.journal_entry_prepare

    def failing_on_the_testimony(*, entry, **kwargs):
        if entry.kind == "testimony":
            raise ValidationError("panne")
        return real_prepare(entry=entry, **kwargs)

    monkeypatch.setattr(importer, "journal_entry_prepare", failing_on_the_testimony)
    before = row_counts()
    with pytest.raises(InterchangeError) as refused:
        cooperation_import(sample(), by=alice)
    assert [str(e) for e in refused.value.errors] == ["$.journal[7] : panne"]
    assert row_counts() == before


@given(
    path=st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=4),
    value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=3), inner),
        max_leaves=4,
    ),
)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_a_damaged_document_is_refused_with_errors_never_a_crash(alice, path, value):
    document = sample()
    parent, key, node = None, None, document
    for step in path:  # walk down to some value of the document, then replace it
        if isinstance(node, dict) and node:
            child = sorted(node)[step % len(node)]
        elif isinstance(node, list) and node:
            child = step % len(node)
        else:
            break
        parent, key, node = node, child, node[child]
    if parent is not None:
        parent[key] = value
    try:
        with transaction.atomic():
            cooperation_import(document, by=alice)
            transaction.set_rollback(True)
    except InterchangeError as error:
        assert error.errors and all(e.path.startswith("$") for e in error.errors)


# Matching actors of the directory


def test_actors_are_matched_by_siret_then_rna_and_left_as_they_are(alice):
    siret = with_key("7328293200007")
    shop = make_actor("BIOCOOP SA", kind="company", siret=siret, siren=siret[:9])
    city = make_actor("Commune de Pantin", kind="local_authority", rna="W931000001")
    document = sample()
    document["actors"][actor_index(document, "Magasin Biocoop de La Butinerie")]["siret"] = siret
    document["actors"][actor_index(document, "Ville de Pantin")]["rna"] = "W931000001"
    before = Actor.objects.count()

    cooperation = cooperation_import(document, by=alice)

    assert Actor.objects.count() == before + 7  # the sample's 9 actors, 2 of them matched
    members = {member.actor for member in cooperation.members.all()}
    assert {shop, city} <= members
    shop.refresh_from_db()
    assert (shop.name, shop.kind) == ("BIOCOOP SA", "company")


def test_actors_without_identifiers_match_by_name_and_commune_among_those_visible(alice, charlie):
    pantin = Commune.objects.get(code="93055")
    public = make_actor("LA BUTINERIE", commune=pantin, is_public=True)
    make_actor("La Butinerie", commune=None, is_public=True)  # not in Pantin
    make_actor("Ville de Pantin", commune=pantin, is_public=False, created_by=charlie)

    cooperation = cooperation_import(sample(), by=alice)

    actors = {member.actor.search_name: member.actor for member in cooperation.members.all()}
    assert actors["la butinerie"] == public
    assert actors["ville de pantin"].created_by == alice  # charlie's private actor is not seen
    assert Actor.objects.filter(search_name="ville de pantin").count() == 2


CHARLIE_SECRETS = [
    "Biocoop de Charlie",
    "charlie@biocoop.example",
    "01 48 00 00 07",
    "Notes de Charlie",
]


@pytest.fixture
def charlies_private_actor(charlie):
    siret = with_key("7328293200007")
    return make_actor(
        "Biocoop de Charlie",
        kind="company",
        siret=siret,
        siren=siret[:9],
        rna="W931000007",
        email="charlie@biocoop.example",
        phone="01 48 00 00 07",
        description="Notes de Charlie sur ses fournisseurs",
        is_public=False,
        created_by=charlie,
    )


@pytest.mark.parametrize("number", ["siret", "rna"])
def test_a_number_of_someone_else_s_private_actor_links_nothing_and_says_nothing_of_it(
    alice, charlies_private_actor, capsys, tmp_path, number
):
    document = sample()
    index = actor_index(document, "Magasin Biocoop de La Butinerie")
    document["actors"][index][number] = getattr(charlies_private_actor, number)
    path = tmp_path / "butinerie.json"
    path.write_text(json.dumps(document))
    before = row_counts()

    status, out, err = run(capsys, "cooperation", "import", str(path), "--user", "alice")

    assert (status, out) == (2, "")
    assert err.startswith(f"{path}: $.actors[{index}].{number} : ")
    assert "acteur privé de l'annuaire que vous ne pouvez pas voir" in err
    assert not any(secret in err for secret in CHARLIE_SECRETS)
    assert row_counts() == before  # nothing linked, nothing created, charlie's actor untouched

    # As the message says, without the number the actor is imported as a new one of alice's,
    # and her export shows nothing of charlie's.
    document["actors"][index][number] = ""
    cooperation = cooperation_import(document, by=alice)
    assert not cooperation.members.filter(actor=charlies_private_actor).exists()
    exported = document_json(cooperation_export(cooperation))
    assert not any(secret in exported for secret in CHARLIE_SECRETS)


def test_the_operator_still_matches_a_private_actor_by_its_number(charlies_private_actor):
    document = sample()
    document["actors"][actor_index(document, "Magasin Biocoop de La Butinerie")]["siret"] = (
        charlies_private_actor.siret
    )
    cooperation = cooperation_import(document, by=None)
    assert cooperation.members.filter(actor=charlies_private_actor).exists()


def test_the_import_page_refuses_a_private_number_without_showing_the_actor(
    alice_client, charlies_private_actor
):
    document = sample()
    index = actor_index(document, "Magasin Biocoop de La Butinerie")
    document["actors"][index]["siret"] = charlies_private_actor.siret
    upload = SimpleUploadedFile("butinerie.json", json.dumps(document).encode())
    page = alice_client.post("/cooperations/importer/", {"file": upload}).content.decode()
    assert f"$.actors[{index}].siret" in page and "vous ne pouvez pas voir" in page
    assert not any(secret in page for secret in CHARLIE_SECRETS)
    assert not Cooperation.objects.exists()


def test_two_actors_of_a_document_cannot_stand_for_the_same_directory_actor(alice):
    siret = with_key("7328293200007")
    make_actor("Biocoop", siret=siret, rna="W931000002")
    document = sample()
    document["actors"][0]["siret"] = siret
    document["actors"][1]["rna"] = "W931000002"
    with pytest.raises(InterchangeError) as refused:
        cooperation_import(document, by=alice)
    assert [e.path for e in refused.value.errors] == ["$.actors[1]"]
    assert "$.actors[0]" in refused.value.errors[0].message


# Schema


def test_the_published_schema_is_current():
    assert SCHEMA_FILE.read_text() == schema_json(), "run `make docs`"


def _at(schema: dict, *keys_):
    for key in keys_:
        schema = schema[key]
    return schema


SCHEMA_CHOICES = [
    (
        ("properties", "cooperation", "properties", "cooperation_type"),
        Cooperation,
        "cooperation_type",
    ),
    (("properties", "cooperation", "properties", "economic_model"), Cooperation, "economic_model"),
    (("properties", "cooperation", "properties", "carrier"), Cooperation, "carrier"),
    (("properties", "cooperation", "properties", "stage"), Cooperation, "stage"),
    (("properties", "cooperation", "properties", "legal_form"), Cooperation, "legal_form"),
    (("$defs", "actor", "properties", "kind"), Actor, "kind"),
    (("$defs", "block", "properties", "status"), BuildingBlock, "status"),
    (("$defs", "relation", "properties", "kind"), Relation, "kind"),
    (("$defs", "journal_entry", "properties", "kind"), JournalEntry, "kind"),
    (("$defs", "journal_entry", "then", "properties", "stage"), Cooperation, "stage"),
]


def test_the_schema_lists_exactly_the_keys_of_the_taxonomies_and_model_choices():
    published = json.loads(SCHEMA_FILE.read_text())
    for path, model, name in SCHEMA_CHOICES:
        field = model._meta.get_field(name)
        expected = [value for value, _label in field.choices] + ([""] if field.blank else [])
        assert _at(published, *path)["enum"] == expected, path
    assert _at(published, "$defs", "life_functions", "items", "enum") == keys(LifeFunction)
    models = _at(published, "properties", "cooperation", "properties", "models", "items", "enum")
    assert models == keys(CooperationModel)
    assert _at(published, "$defs", "member", "properties", "roles", "items", "enum") == keys(
        MemberRole
    )


def test_every_keyword_of_the_schema_has_a_french_message():
    worded = {"enum", "const", "type", "required", "additionalProperties", "minLength"}
    worded |= {"maxLength", "pattern", "format", "minItems", "uniqueItems"}
    structure = {"$schema", "$id", "$ref", "$defs", "title", "description", "default"}
    structure |= {"properties", "items", "if", "then", "else"}
    used = set()

    def walk(node):
        if isinstance(node, dict):
            used.update(k for k in node if k not in ("properties", "$defs"))
            for key, value in node.items():
                children = value.values() if key in ("properties", "$defs") else [value]
                for child in children:
                    walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(cooperation_schema())
    assert used - structure <= worded


# Command line


def run(capsys, *argv) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as exit_:  # how some commands end with status 2
        status = exit_.code
    out, err = capsys.readouterr()
    return status, out, err


def test_cooperation_import_and_export_on_the_command_line(alice, capsys, tmp_path):
    status, out, err = run(capsys, "cooperation", "import", str(SAMPLE), "--user", "alice")
    assert (status, out, err) == (0, "la-butinerie\n", "")
    assert Cooperation.objects.get(slug="la-butinerie").role_of(alice) == AccessRole.ADMINISTRATOR
    assert Actor.objects.get(name="Crèches de Pantin").source_name == "la-butinerie.json"

    status, out, _err = run(capsys, "cooperation", "export", "la-butinerie")
    assert status == 0 and out == SAMPLE.read_text()
    status, out, _err = run(
        capsys, "cooperation", "export", "la-butinerie", "-o", str(tmp_path / "b.json")
    )
    assert status == 0 and out == "" and (tmp_path / "b.json").read_text() == SAMPLE.read_text()
    assert run(capsys, "cooperation", "export", "inconnue")[0] == 2


def test_an_invalid_file_exits_2_with_one_line_per_error_and_writes_nothing(db, capsys, tmp_path):
    document = sample()
    document["actors"][1]["commune"] = "93999"
    document["cooperation"]["territory"] = "commune:99999"
    path = tmp_path / "erreurs.json"
    path.write_text(json.dumps(document))
    before = row_counts()
    status, out, err = run(capsys, "cooperation", "import", str(path))
    assert status == 2 and out == ""
    assert [line.split(" : ")[0] for line in err.splitlines()] == [
        f"{path}: $.cooperation.territory",
        f"{path}: $.actors[1].commune",
    ]
    assert row_counts() == before


def test_a_file_that_is_not_json_or_an_unknown_user_exits_2(db, capsys, tmp_path):
    path = tmp_path / "cassé.json"
    path.write_text('{"format": "terreau-cooperation",\n  "version": 1,,}')
    status, _out, err = run(capsys, "cooperation", "import", str(path))
    assert status == 2 and "ligne 2" in err and "JSON mal formé" in err
    status, _out, err = run(capsys, "cooperation", "import", str(SAMPLE), "--user", "personne")
    assert status == 2 and "personne" in err
    assert not Cooperation.objects.exists()


def test_cooperation_schema_prints_the_published_schema(capsys):
    status, out, _err = run(capsys, "cooperation", "schema")
    assert status == 0 and out == SCHEMA_FILE.read_text()


# Demonstration data


def test_demo_load_imports_the_demo_cooperations_once_with_the_demo_actors(db):
    demo_load()
    demo_load()
    assert set(Cooperation.objects.values_list("slug", "is_demo")) == {
        ("la-butinerie", True),
        ("ecopole-alimentaire-audruicq", True),
        ("generateur-bourgogne-franche-comte", True),
    }
    ecopole = Cooperation.objects.get(slug="ecopole-alimentaire-audruicq")
    lead = ecopole.members.get(roles__contains=" lead ").actor
    assert lead.description.endswith("la source ne les donne pas.")  # the actor of demo.py
    cooperation = Cooperation.objects.get(slug="la-butinerie")
    assert cooperation.accesses.get().user.username == "demo"
    duplicates = Actor.objects.values("search_name", "commune").annotate(n=Count("pk"))
    assert not duplicates.filter(n__gt=1).exists()
    lead = cooperation.members.get(roles__contains=" lead ").actor
    assert lead.description.startswith("SCIC SA créée en 2020")  # the actor of demo.py
    assert not Actor.objects.filter(is_demo=False).exists()


# Documents for the round trip

TEXT = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), max_size=20)
NAME = TEXT.filter(lambda text: text.strip())
DAY = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))
OPTIONAL_DAY = st.none() | DAY.map(date.isoformat)


def subset(taxonomy, min_size=0):
    return st.sets(st.sampled_from(keys(taxonomy)), min_size=min_size).map(
        lambda chosen: [key for key in keys(taxonomy) if key in chosen]
    )


@st.composite
def period(draw) -> tuple[str | None, str | None]:
    start, end = draw(OPTIONAL_DAY), draw(OPTIONAL_DAY)
    if start and end and end < start:
        start, end = end, start
    return start, end


@st.composite
def actor(draw, actor_id: str) -> dict:
    # A SIREN (8 digits and a Luhn key) and an establishment number with the SIRET's key, away
    # from La Poste's SIREN which follows another rule.
    siren = with_key(str(draw(st.integers(10**7, 10**8 - 1).filter(lambda n: n // 10 != 3560000))))
    siret = draw(st.sampled_from(["", with_key(siren + str(draw(st.integers(1000, 9999))))]))
    siren = siret[:9] or draw(st.sampled_from(["", siren]))
    return {
        "id": actor_id,
        "name": draw(NAME),
        "kind": draw(st.sampled_from(keys(ActorKind))),
        "is_ess": draw(st.booleans()),
        "siret": siret,
        "siren": siren,
        "rna": draw(st.sampled_from(["", f"W{draw(st.integers(10**8, 10**9 - 1))}"])),
        "legal_form_code": draw(st.sampled_from(["", "9220", "5710"])),
        "naf_code": draw(st.sampled_from(["", "56.10A", "01.11Z"])),
        "address": draw(TEXT),
        "postal_code": draw(st.sampled_from(["", "93500"])),
        "commune": draw(st.sampled_from([None, "93055", "93008", "62057"])),
        "life_functions": draw(subset(LifeFunction)),
        "description": draw(TEXT),
        "website": draw(st.sampled_from(["", "https://example.org/coop"])),
        "email": draw(st.sampled_from(["", "contact@example.org"])),
        "phone": draw(st.sampled_from(["", "01 23 45 67 89"])),
    }


@st.composite
def documents(draw) -> dict:
    count = draw(st.integers(2, 5))
    actors = [draw(actor(f"a{n}")) for n in range(count)]
    for name in ("siret", "rna"):  # identifiers are unique in a document
        seen = set()
        for item in actors:
            if item[name] in seen:
                item[name] = ""
                if name == "siret":
                    item["siren"] = ""
            seen.add(item[name] or None)
    ids = [item["id"] for item in actors]
    member_ids = ids[: draw(st.integers(1, count))]
    members = []
    for actor_id in member_ids:
        joined, left = draw(period())
        members.append(
            {
                "actor": actor_id,
                "roles": draw(subset(MemberRole, min_size=1)),
                "joined_on": joined,
                "left_on": left,
                "note": draw(TEXT),
                "is_public": draw(st.booleans()),
            }
        )
    relations = []
    outsiders = ids[len(member_ids) :]
    for n in range(draw(st.integers(len(outsiders), len(outsiders) + 3))):
        source = outsiders[n] if n < len(outsiders) else draw(st.sampled_from(ids))
        target = draw(st.sampled_from([i for i in ids if i != source]))
        started, ended = draw(period())
        amount = draw(
            st.none() | st.decimals(0, 10**6, places=2, allow_nan=False, allow_infinity=False)
        )
        relations.append(
            {
                "source": source,
                "target": target,
                "kind": draw(st.sampled_from(keys(RelationKind))),
                "directed": draw(st.booleans()),
                "started_on": started,
                "ended_on": ended,
                "amount": None if amount is None else f"{amount:.2f}",
                "note": draw(TEXT),
            }
        )
    blocks = []
    for n in range(draw(st.integers(0, 3))):
        started, ended = draw(period())
        blocks.append(
            {
                "id": f"b{n}",
                "name": draw(NAME),
                "description": draw(TEXT),
                "life_functions": draw(subset(LifeFunction)),
                "operators": draw(st.lists(st.sampled_from(member_ids), unique=True)),
                "status": draw(st.sampled_from(keys(BuildingBlock.Status))),
                "started_on": started,
                "ended_on": ended,
            }
        )
    journal = []
    for _n in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(keys(JournalEntry.Kind)))
        # Small victories and frictions always carry their tag.
        tags = set(draw(subset(StoryTag))) | ({kind} & {"small_victory", "friction"})
        journal.append(
            {
                "happened_on": draw(DAY).isoformat(),
                "kind": kind,
                "title": draw(NAME),
                "text": draw(TEXT),
                "regulation": draw(TEXT),
                "stage": draw(st.sampled_from(keys(Stage))) if kind == "stage_change" else "",
                "author": draw(NAME),
                "members": draw(st.lists(st.sampled_from(member_ids), unique=True)),
                "blocks": draw(st.lists(st.sampled_from([b["id"] for b in blocks]), unique=True))
                if blocks
                else [],
                "tags": [key for key in keys(StoryTag) if key in tags],
                "people": draw(st.lists(NAME.map(str.strip), max_size=3)),
                "quotes": draw(
                    st.lists(st.fixed_dictionaries({"text": NAME, "speaker": NAME}), max_size=2)
                ),
            }
        )
    latest = latest_stage_change(journal)
    return {
        "format": "terreau-cooperation",
        "version": 2,
        "cooperation": {
            "slug": draw(st.from_regex(r"[a-z][a-z0-9-]{0,15}", fullmatch=True)),
            "name": draw(NAME),
            "aim": draw(NAME),
            "description": draw(TEXT),
            "life_functions": draw(subset(LifeFunction)),
            "territory": draw(
                st.sampled_from(["commune:93055", "epci:246200844", "departement:62"])
            ),
            "cooperation_type": draw(st.sampled_from(keys(CooperationType))),
            "models": draw(subset(CooperationModel)),
            "issues": draw(subset(TerritorialIssue)),
            "ecological_transition": draw(st.booleans()),
            "economic_model": draw(st.sampled_from(["market", "non_market", "hybrid"])),
            "carrier": draw(st.sampled_from(["institutional", "citizen", "mixed"])),
            "stage": latest["stage"] if latest else draw(st.sampled_from(keys(Stage))),
            "legal_form": draw(st.sampled_from(["informal", "scic", "association"])),
            "started_on": draw(OPTIONAL_DAY),
            "is_public": draw(st.booleans()),
            "observatory": draw(st.booleans()),
        },
        "actors": actors,
        "members": members,
        "blocks": blocks,
        "relations": relations,
        "journal": journal,
    }
