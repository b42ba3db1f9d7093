"""The sections of the monograph fed by the other apps: the economic model and its useful effects,
the indicators of the stage, the stories of the trajectory and the frictions — read from the
record, shown in the HTML and in the DOCX read back, and kept out of the public version."""

import html
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from terreau.cooperations.models import Cooperation, JournalEntry
from terreau.cooperations.services import (
    cooperation_publish,
    journal_attachment_add,
    journal_entry_save,
)
from terreau.demo import demo_load
from terreau.evaluation.models import IndicatorValue
from terreau.evaluation.services import indicator_follow_default, indicator_value_save
from terreau.monographs.exports import monograph_export
from terreau.monographs.sections import Reader, build_monograph
from tests.cooperations.factories import make_actor
from tests.economy.factories import make_contribution, make_cost, make_effect, make_resource
from tests.monographs.factories import make_ecopole
from tests.monographs.files import docx_text

pytestmark = pytest.mark.django_db

STORY_FILES = Path(__file__).parents[1] / "fixtures" / "stories"


@pytest.fixture(autouse=True)
def attachments_dir(settings, tmp_path):
    settings.TERREAU_ATTACHMENTS_DIR = tmp_path / "attachments"


@pytest.fixture
def ecopole(alice):
    return make_ecopole(alice)


def sections_of(cooperation, reader) -> dict:
    return {s.key: s for s in build_monograph(cooperation, reader=reader).sections}


def exported(cooperation, reader) -> tuple[str, str]:
    """The monograph as the reader downloads it: the HTML's text and the DOCX's text."""
    page = monograph_export(cooperation, reader=reader, file_format="html").decode()
    docx = monograph_export(cooperation, reader=reader, file_format="docx")
    return html.unescape(page), docx_text(docx)


def record_economy(cooperation):
    """The year 2025 of a small economic model, every amount chosen to be checked by hand."""
    funder = cooperation.members.get(actor__name="Conseil municipal de Polincove").actor
    make_resource(cooperation, "Ventes de légumes", category="sales", amount="1000.00")
    make_resource(
        cooperation,
        "Subvention de la commune",
        category="public_annual_subsidy",
        amount="3000.00",
        funding_mode="annual_subsidy",
        source=funder,
    )
    make_resource(
        cooperation, "Chambre froide", category="member_in_kind", form="in_kind", amount="600.00"
    )
    make_resource(
        cooperation,
        "Temps du maraîcher",
        category="member_time",
        form="time",
        amount=None,
        hours="10",
        hourly_value="20",
    )
    # Expected for next year: not counted.
    make_resource(cooperation, "AAP du département", category="sales", amount="9999.00")
    cooperation.resources.filter(label="AAP du département").update(status="expected")
    make_cost(cooperation, "Coordination", category="animation", amount="2500.00")
    effect = make_effect(
        cooperation,
        "Prévention santé",
        estimated_annual_value=Decimal("1500.00"),
        evidence_level="observed",
    )
    make_contribution(effect, make_actor("CPAM de l'Artois"), status="in_discussion")


def test_the_economic_model_shows_the_year_its_indicators_and_useful_effects(ecopole, alice):
    record_economy(ecopole)
    parts = sections_of(ecopole, Reader.of(ecopole, alice))["economic_model"].parts
    assert [p.kind for p in parts] == ["facts", "facts", "text", "table", "table", "table", "table"]
    # Money 1,000 + 3,000; in kind 600; time 10 h × 20 € = 200; the expected line is left out.
    assert parts[1].rows == [
        ("Année", "2025"),
        ("Ressources financières", "4\xa0000,00 €"),
        ("En nature", "600,00 €"),
        ("Temps", "200,00 €"),
        ("Ressources valorisées (argent, nature, temps)", "4\xa0800,00 €"),
        ("Charges", "2\xa0500,00 €"),
        ("Solde (ressources financières − charges)", "1\xa0500,00 €"),
    ]
    families = parts[3]
    assert families.columns == ["Famille", "Argent", "En nature", "Temps", "Total valorisé"]
    assert families.rows == [
        ["Ressources marchandes", "1\xa0000,00 €", "0,00 €", "0,00 €", "1\xa0000,00 €"],
        ["Contributions des membres", "0,00 €", "600,00 €", "200,00 €", "800,00 €"],
        ["Ressources publiques", "3\xa0000,00 €", "0,00 €", "0,00 €", "3\xa0000,00 €"],
        ["Total", "4\xa0000,00 €", "600,00 €", "200,00 €", "4\xa0800,00 €"],
    ]
    assert parts[4].rows == [
        ["Fonction d'animation et de coordination", "2\xa0500,00 €"],
        ["Total", "2\xa0500,00 €"],
    ]
    readings = {row[0]: row[1:] for row in parts[5].rows}
    # 3,000 of the 4,000 € of money come from the commune.
    assert readings["Dépendance au premier financeur"] == [
        "75 %",
        "75 % des ressources financières dépendent d'un seul financeur.",
    ]
    # (600 + 200) ÷ 4,800 = 16.7 %.
    assert readings["Contributions en nature et en temps"][0] == "17 %"
    # Family shares 1,000, 800 and 3,000 of 4,800: (1 − 10.64 ÷ 23.04) ÷ 0.8 = 0.67.
    assert readings["Hybridation des ressources"][0] == "0,67"
    assert parts[6].rows == [
        [
            "Prévention santé (Santé et prévention)",
            "CPAM de l'Artois (en discussion)",
            "1\xa0500,00 €",
            "observé",
        ]
    ]


def test_the_economic_model_reaches_the_files_and_never_the_public(ecopole, alice):
    record_economy(ecopole)
    page, docx = exported(ecopole, Reader.of(ecopole, alice))
    for shown in (
        "Ressources de 2025 par famille, en euros",
        "4\xa0800,00 €",
        "75 % des ressources financières dépendent d'un seul financeur.",
        "Registre des effets utiles",
        "CPAM de l'Artois (en discussion)",
    ):
        assert shown in page, shown
        assert shown in docx, shown

    cooperation_publish(cooperation=ecopole, public=True, public_members=[])
    assert sections_of(ecopole, Reader.public())["economic_model"].parts == []
    page, docx = exported(ecopole, Reader.public())
    for private in ("4\xa0800,00", "Prévention santé", "CPAM", "dépendent d'un seul financeur"):
        assert private not in page, private
        assert private not in docx, private


def follow(cooperation, key, values):
    indicator = indicator_follow_default(cooperation=cooperation, key=key)
    for day, value, source in values:
        indicator_value_save(
            value=IndicatorValue(
                indicator=indicator,
                measured_on=date.fromisoformat(day),
                value=Decimal(value),
                source=source,
            )
        )
    return indicator


def test_the_indicators_of_the_stage_come_first_with_their_latest_value(ecopole, alice):
    assert ecopole.stage == "emergence"
    follow(ecopole, "jobs", [("2024-12-31", "2.5", "Bilan comptable 2024")])
    follow(
        ecopole,
        "members_engaged",
        [("2024-01-15", "3", "Compte rendu"), ("2024-06-15", "5", "Assemblée de juin")],
    )
    follow(ecopole, "meetings_held", [])
    parts = sections_of(ecopole, Reader.of(ecopole, alice))["indicators"].parts
    assert parts[0].rows == [("Étape actuelle", "Émergence")]
    assert parts[1].rows == [
        [
            "Membres engagés",
            "adapté à l'étape actuelle",
            "5 membres",
            "15/06/2024",
            "Assemblée de juin",
        ],
        ["Réunions collectives tenues", "adapté à l'étape actuelle", "aucune valeur", "—", "—"],
        ["Emplois", "d'une autre étape", "2,5 ETP", "31/12/2024", "Bilan comptable 2024"],
    ]
    # A line only for the series with two values or more, its values given beside it.
    assert [p.kind for p in parts[2:]] == ["figure", "table"]
    assert parts[2].svg.count("<circle") == 2 and "<polyline" in parts[2].svg
    assert parts[3].caption == "Valeurs de « Membres engagés » (membres)"
    assert parts[3].rows == [
        ["15/01/2024", "3", "Compte rendu"],
        ["15/06/2024", "5", "Assemblée de juin"],
    ]

    page, docx = exported(ecopole, Reader.of(ecopole, alice))
    for shown in ("Membres engagés", "Assemblée de juin", "2,5 ETP", "d'une autre étape"):
        assert shown in page and shown in docx, shown
    assert "<svg" in page[page.index("11. Indicateurs") :]

    cooperation_publish(cooperation=ecopole, public=True, public_members=[])
    public = sections_of(ecopole, Reader.public())["indicators"].parts
    assert public == [parts[0]]  # the stage only
    page, docx = exported(ecopole, Reader.public())
    assert "Assemblée de juin" not in page and "Assemblée de juin" not in docx


def tell_stories(ecopole, alice):
    turning = journal_entry_save(
        entry=JournalEntry(
            cooperation=ecopole,
            happened_on=date(2023, 9, 1),
            kind="story",
            title="La commune signe la convention",
            text="Trois ans de soutien à la légumerie.",
            people="Jeanne, cuisinière",
        ),
        by=alice,
        tags=["turning_point"],
        quotes=[("On a arrêté de se regarder en chiens de faïence.", "Une maraîchère")],
    )
    journal_attachment_add(
        entry=turning,
        upload=SimpleUploadedFile("signature.png", (STORY_FILES / "atelier.png").read_bytes()),
        description="La signature en mairie",
        by=alice,
    )
    journal_entry_save(
        entry=JournalEntry(
            cooperation=ecopole,
            happened_on=date(2023, 4, 1),
            kind="decision",
            title="Deux cantines refusent les légumes",
            regulation="Une visite de la légumerie avec les cuisiniers.",
        ),
        by=alice,
        tags=["friction"],
        quotes=[("Les carottes n'avaient pas le bon calibre.", "Un cuisinier")],
    )
    journal_entry_save(
        entry=JournalEntry(
            cooperation=ecopole,
            happened_on=date(2023, 10, 1),
            kind="funding_obtained",
            title="Fondation de France",
        ),
        by=alice,
    )


def test_the_trajectory_tells_small_victories_and_turning_points_with_their_quotes(ecopole, alice):
    tell_stories(ecopole, alice)
    parts = sections_of(ecopole, Reader.of(ecopole, alice))["trajectory"].parts
    assert parts[0].rows == [["01/03/2021", "Émergence", "Étape : Émergence"]]
    stories = [(p.title, p.items) for p in parts[1:3]]
    assert stories == [
        ("01/06/2023 — Premiers repas servis à la cantine (Petite victoire)", []),
        (
            "01/09/2023 — La commune signe la convention (Tournant)",
            [
                "Trois ans de soutien à la légumerie.",
                "« On a arrêté de se regarder en chiens de faïence. » — Une maraîchère",
                "Personnes impliquées : Jeanne, cuisinière",
                "Pièce jointe : signature.png (image PNG)",
            ],
        ),
    ]
    assert parts[3].items == ["01/10/2023 — Fondation de France (financement obtenu)"]

    page, docx = exported(ecopole, Reader.of(ecopole, alice))
    for shown in (
        "La commune signe la convention (Tournant)",
        "« On a arrêté de se regarder en chiens de faïence. » — Une maraîchère",
        "Pièce jointe : signature.png (image PNG)",
    ):
        assert shown in page and shown in docx, shown
    # Listed by name only: the photo is neither embedded nor linked.
    assert "<img" not in page and "data:image" not in page and "pieces-jointes" not in page
    assert "La signature en mairie" not in page
    assert (
        len(
            Document(
                io.BytesIO(
                    monograph_export(ecopole, reader=Reader.of(ecopole, alice), file_format="docx")
                )
            ).inline_shapes
        )
        == 0
    )


def test_the_frictions_read_every_entry_tagged_friction_with_its_regulation(ecopole, alice):
    tell_stories(ecopole, alice)
    parts = sections_of(ecopole, Reader.of(ecopole, alice))["frictions"].parts
    # The decision tagged friction joins the entry of kind friction, oldest first.
    assert parts[0].rows == [
        [
            "01/02/2023",
            "Les maraîchers quittent la légumerie. Deux producteurs partent.",
            "Une réunion de médiation avec la communauté de communes.",
        ],
        [
            "01/04/2023",
            "Deux cantines refusent les légumes.",
            "Une visite de la légumerie avec les cuisiniers.",
        ],
    ]
    assert [(p.title, p.items) for p in parts[1:]] == [
        (
            "01/04/2023 — Deux cantines refusent les légumes",
            ["« Les carottes n'avaient pas le bon calibre. » — Un cuisinier"],
        )
    ]
    page, docx = exported(ecopole, Reader.of(ecopole, alice))
    for shown in ("Une visite de la légumerie avec les cuisiniers.", "pas le bon calibre"):
        assert shown in page and shown in docx, shown

    cooperation_publish(cooperation=ecopole, public=True, public_members=[])
    page, docx = exported(ecopole, Reader.public())
    for private in ("pas le bon calibre", "chiens de faïence", "signature.png", "cuisiniers"):
        assert private not in page and private not in docx, private


def test_the_demo_monograph_fills_the_economic_maturity_indicators_and_trajectory():
    demo_load()

    butinerie = Cooperation.objects.get(slug="la-butinerie")
    operator = Reader(None, butinerie.role_of(None))  # `terreau monograph la-butinerie`
    sections = sections_of(butinerie, operator)
    for key in ("economic_model", "maturity", "indicators", "trajectory"):
        kinds = [p.kind for p in sections[key].parts]
        assert "missing" not in kinds, (key, kinds)
    economic = [p.caption for p in sections["economic_model"].parts if p.kind == "table"]
    assert "Registre des effets utiles" in economic
    indicators = next(p for p in sections["indicators"].parts if p.kind == "table")
    assert [row[0] for row in indicators.rows] == [
        "Briques en fonctionnement",
        "Services publics impliqués",
        "Conventions pluriannuelles",
    ]
    quotes = [
        item
        for part in sections["trajectory"].parts
        if part.kind == "bullets"
        for item in part.items
        if item.startswith("« ")
    ]
    assert quotes  # the conference's words of §002
    page, docx = exported(butinerie, operator)
    assert "Registre des effets utiles" in page and "Registre des effets utiles" in docx


def closed_round(cooperation, by, title, levels):
    from terreau.maturity.services import round_close
    from tests.maturity.factories import answer_by_link, make_round

    maturity_round = make_round(cooperation, by, title=title)
    for index, level in enumerate(levels):
        answer_by_link(maturity_round, f"Personne {index}", {"trust": (level, f"Avis n° {index}")})
    return round_close(maturity_round=maturity_round)


def maturity_of(text: str) -> str:
    """The maturity section of the HTML's text; the DOCX's text (its table cells come last, and
    nothing else of the Écopôle speaks of rounds or trust)."""
    if "<html" not in text:
        return text
    return text[text.index("10. Maturité") : text.index("11. Indicateurs")]


def test_the_maturity_section_needs_three_answers_and_never_shows_one(ecopole, alice):
    closed_round(ecopole, alice, "Tour à deux", [1, 4])
    page, docx = exported(ecopole, Reader.of(ecopole, alice))
    for text in (page, docx):
        maturity = maturity_of(text)
        assert "Aucun tour de maturité clôturé ne compte au moins trois réponses." in maturity
        assert "Tour à deux" not in maturity and "Confiance" not in maturity

    closed_round(ecopole, alice, "Tour de printemps", [1, 2, 4])
    page, docx = exported(ecopole, Reader.of(ecopole, alice))
    for text in (page, docx):
        maturity = maturity_of(text)
        assert "Tour de printemps" in maturity and "v1" in maturity  # the grid version used
        assert "3 / 3" in maturity
        # Answers 1, 2, 4 on trust: median 2, from 1 to 4, a wide spread to discuss.
        assert "Confiance — réponses du niveau 1 au niveau 4" in maturity
        assert "Avis n°" not in maturity and "Personne 0" not in maturity
    assert page.count('class="radar"') == 1
    parts = sections_of(ecopole, Reader.of(ecopole, alice))["maturity"].parts
    trajectory = parts[-1]
    assert trajectory.columns == ["Dimension", "Tour à deux", "Tour de printemps"]
    # The round of two answers keeps its place in the trajectory, without any figure.
    assert ["Confiance", "—", "2"] in trajectory.rows

    cooperation_publish(cooperation=ecopole, public=True, public_members=[])
    page, docx = exported(ecopole, Reader.public())
    for text in (page, docx):
        maturity = maturity_of(text)
        assert "Tour de printemps" not in maturity and "Confiance" not in maturity
