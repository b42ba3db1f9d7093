from django.utils import translation

from terreau.core.taxonomies import TAXONOMIES, LifeFunction


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
