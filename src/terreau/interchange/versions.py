"""Earlier versions of the cooperation interchange format, read by upgrading them to the current
one (`schema.VERSION`) before validation; export always writes the current version.

Version 1 (until issue 18) gave a cooperation one `model`; version 2 gives it `models`, a list,
as a modelled cooperation refers to one or several models (§002: « un PTCE [peut] être également
un tiers-lieu »). A version 1 `model` becomes a one-item list, read as the database migration
`cooperations/0005_models_list` reads stored cooperations: "scic" and "cae" leave the models (the
SCIC is a legal form, the CAE pooling of means, §002), a vague legal form ("other", "other
cooperative") of a former SCIC model becomes "scic", and what cannot be kept is told at the end
of the description; a modelled cooperation left without model refers to "other".
"""

from django.utils.translation import gettext as _

REMOVED_MODELS = {"scic", "cae"}
VAGUE_LEGAL_FORMS = {"other", "cooperative"}


def upgraded(document):
    """The document in the current version when it is a version 1 document (anything else is
    returned as it is, for the schema to judge)."""
    if not isinstance(document, dict) or document.get("version") != 1:
        return document
    cooperation = document.get("cooperation")
    if not isinstance(cooperation, dict) or "models" in cooperation:
        return {**document, "version": 2}
    cooperation = dict(cooperation)
    model = cooperation.pop("model", "")
    if not isinstance(model, str):
        cooperation["models"] = [model]  # the schema reports it at models[0]
        return {**document, "version": 2, "cooperation": cooperation}
    models = [model] if model and model not in REMOVED_MODELS else []
    notes = []
    if model == "scic":
        if cooperation.get("legal_form") in VAGUE_LEGAL_FORMS:
            cooperation["legal_form"] = "scic"
        elif cooperation.get("legal_form") != "scic":
            notes.append(
                _(
                    "Modèle « SCIC » dans le document d'origine : la SCIC est une forme "
                    "juridique, pas un modèle de coopération."
                )
            )
    elif model == "cae":
        notes.append(
            _(
                "Modèle « CAE » dans le document d'origine : la coopérative d'activité et "
                "d'emploi relève de la mutualisation de moyens, pas d'un modèle de coopération."
            )
        )
    if not models and model and cooperation.get("cooperation_type") == "modelled":
        models = ["other"]
    if notes and isinstance(cooperation.get("description", ""), str):
        cooperation["description"] = "\n\n".join(
            part for part in (cooperation.get("description", ""), *notes) if part
        )
    cooperation["models"] = models
    return {**document, "version": 2, "cooperation": cooperation}
