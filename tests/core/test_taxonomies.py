import pytest
from django.utils import translation

from terreau.core.taxonomies import (
    TAXONOMIES,
    ActorKind,
    LifeFunction,
    accepted_values,
    taxonomy_entries,
    taxonomy_member,
    taxonomy_members,
)


def test_the_architecture_life_functions_are_all_there():
    assert {member.value for member in LifeFunction} == {
        "food",
        "health",
        "housing",
        "mobility",
        "learning",
        "work",
        "culture",
        "social_ties",
        "environment",
    }


def test_every_taxonomy_label_is_translated_to_english():
    for taxonomy in TAXONOMIES.values():
        for member in taxonomy:
            with translation.override("fr"):
                french = str(member.label)
            with translation.override("en"):
                english = str(member.label)
            same_in_both = {"AMAP", "Association", "Consolidation", "ESS"}
            assert english != french or french in same_in_both, f"{taxonomy.__name__}.{member}"


def _taxonomies_read_from_files():
    from terreau.diagnosis.models import Need
    from terreau.offers.taxonomies import OFFER_TAXONOMIES

    return [
        *TAXONOMIES.values(),
        *OFFER_TAXONOMIES.values(),
        Need.Channel,
        Need.Priority,
        Need.Status,
    ]


def test_each_key_and_label_names_its_own_member_and_no_other():
    for taxonomy in _taxonomies_read_from_files():
        for entry in taxonomy_entries(taxonomy):
            for text in entry.values():
                assert taxonomy_member(taxonomy, text) == entry["key"], (taxonomy, text)
                members, unknown = taxonomy_members(taxonomy, text)
                assert (members, unknown) == ([entry["key"]], ""), (taxonomy, text)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Associations", "association"),
        ("COLLECTIVITES", "local_authority"),
        ("collectivités territoriales", None),
        ("Local authorities", "local_authority"),
        ("local-authority", "local_authority"),
        ("Réseaux / têtes de réseaux", "network"),
        ("Service de l’État — établissement public", "public_body"),
        ("Start-up", None),
        ("", None),
    ],
)
def test_a_label_is_read_whatever_its_plural_punctuation_case_or_language(text, key):
    assert taxonomy_member(ActorKind, text) == key


def test_a_cell_may_name_several_members_separated_by_anything():
    members, unknown = taxonomy_members(
        LifeFunction, "Se nourrir, s'alimenter | HEALTH ; se déplacer et Habiter, food"
    )
    assert [m.value for m in members] == ["food", "health", "housing", "mobility"]
    assert unknown == ""
    members, unknown = taxonomy_members(LifeFunction, "Se soigner, Se nourrir + alimentation")
    assert [m.value for m in members] == ["food", "health"] and unknown == "alimentation"


def test_each_way_a_label_names_its_member_names_it():
    for text, key in [
        ("Se nourrir", "food"),
        ("s'alimenter", "food"),
        ("loisirs", "culture"),
        ("lien social", "social_ties"),
        ("Déchets", "environment"),
        ("apprendre", "learning"),
    ]:
        assert taxonomy_member(LifeFunction, text) == LifeFunction(key), text
    assert taxonomy_member(LifeFunction, "alimentation") is None


def test_accepted_values_list_each_label_with_its_key_in_the_active_language():
    with translation.override("fr"):
        assert accepted_values(LifeFunction).startswith(
            "Se nourrir, s'alimenter (food); Se soigner (health); Habiter (housing)"
        )
    with translation.override("en"):
        assert accepted_values(LifeFunction).startswith("Food (food); Health (health)")
