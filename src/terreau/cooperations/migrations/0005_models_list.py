"""A cooperation refers to one or several models (issue 18, §002: « des coopérations qui se
réfèrent à un ou plusieurs modèles existants par exemple un PTCE [peut] être également un
tiers-lieu »): the single `model` becomes the set `models` (" ptce tiers_lieu ").

What happens to existing data:
- every model is kept as the only member of the set, except the SCIC and the CAE, which leave
  the list of models;
- SCIC is a legal form, not a model. A cooperation whose legal form was vague ("other", "other
  cooperative") gets the legal form SCIC. One with a precise legal form (an association, a
  company, an informal collective preparing a SCIC…) keeps it, as a person chose it: a journal
  entry records that its model was "SCIC" so that the information is not lost;
- the CAE is cited by §002 as a way of pooling means (« la mutualisation de moyens … des
  coopératives d'activité et d'emploi »), not as a model: a journal entry records it;
- a modelled cooperation left without any model refers to "other model" (a modelled
  cooperation names at least one), and the journal entry asks to review its typology.
The reverse migration keeps the first model of the set (SCIC and CAE are not restored).
"""

import datetime

from django.db import migrations, models

REMOVED = {"scic", "cae"}
VAGUE_LEGAL_FORMS = {"other", "cooperative"}
ORDER = [
    "ptce",
    "tiers_lieu",
    "pat",
    "tzcld",
    "amap",
    "cooperative_supermarket",
    "solidarity_garage",
    "ressourcerie",
    "other",
]
AUTHOR = "Terreau (mise à jour de la typologie)"


def to_models(apps, schema_editor):
    Cooperation = apps.get_model("cooperations", "Cooperation")
    JournalEntry = apps.get_model("cooperations", "JournalEntry")
    today = datetime.date.today()
    for cooperation in Cooperation.objects.exclude(model="").iterator():
        old = cooperation.model
        kept = [old] if old not in REMOVED else []
        notes = []
        if old == "scic":
            if cooperation.legal_form == "scic":
                pass
            elif cooperation.legal_form in VAGUE_LEGAL_FORMS:
                cooperation.legal_form = "scic"
            else:
                notes.append(
                    "Son modèle était « SCIC » : la SCIC est une forme juridique, pas un modèle "
                    "de coopération (§002). La forme juridique enregistrée a été gardée ; "
                    "indiquez « SCIC » comme forme juridique si la coopération en est une."
                )
        if old == "cae":
            notes.append(
                "Son modèle était « CAE » : la coopérative d'activité et d'emploi relève de la "
                "mutualisation de moyens (§002), pas d'un modèle de coopération."
            )
        if not kept and cooperation.cooperation_type == "modelled":
            kept = ["other"]
            if old == "scic" and not notes:
                notes.append(
                    "Son modèle était « SCIC », qui est sa forme juridique (§002) : elle se "
                    "réfère désormais à « Autre modèle »."
                )
            notes.append("Revoyez sa typologie : à quel(s) modèle(s) se réfère-t-elle ?")
        cooperation.models = f" {' '.join(kept)} " if kept else ""
        cooperation.save(update_fields=["models", "legal_form"])
        if notes:
            JournalEntry.objects.create(
                cooperation=cooperation,
                happened_on=today,
                kind="decision",
                title="Typologie mise à jour : plusieurs modèles possibles",
                text=" ".join(notes),
                author_name=AUTHOR,
            )


def to_model(apps, schema_editor):
    Cooperation = apps.get_model("cooperations", "Cooperation")
    for cooperation in Cooperation.objects.exclude(models="").iterator():
        keys = cooperation.models.split()
        cooperation.model = min(keys, key=ORDER.index) if keys else ""
        cooperation.save(update_fields=["model"])


class Migration(migrations.Migration):
    dependencies = [("cooperations", "0004_job_queue")]

    operations = [
        migrations.AddField(
            model_name="cooperation",
            name="models",
            field=models.CharField(blank=True, max_length=200, verbose_name="modèles"),
        ),
        migrations.RunPython(to_models, to_model),
        migrations.RemoveField(model_name="cooperation", name="model"),
    ]
