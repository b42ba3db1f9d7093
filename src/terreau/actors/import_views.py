"""Importing actors from the web: upload, preview of the first rows with the detected columns,
then a background run with a progress bar and the report."""

from django import forms
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from terreau.actors import history
from terreau.actors.formats import FORMATS, public_by_default
from terreau.actors.jobs import import_job_start
from terreau.actors.models import Actor, ImportJob
from terreau.core.errors import DataFileError
from terreau.core.jobs import jobs_of
from terreau.core.limits import validate_import_size
from terreau.core.tabular import preview_table
from terreau.core.views import permission_required_or_explain
from terreau.territories.forms import TerritoryField, bind_user
from terreau.territories.models import Commune

FORMAT_CHOICES = [(f.key, f.label) for f in FORMATS.values()]
FIELD_LABELS = {
    "name": _("nom"),
    "siret": _("SIRET"),
    "siren": _("SIREN"),
    "rna": _("numéro RNA"),
    "external_id": _("identifiant"),
    "commune": _("commune (code INSEE ou nom)"),
    "commune_name": _("nom de commune"),
    "postal_code": _("code postal"),
    "address": _("adresse"),
    "kind": _("type d'acteur"),
    "legal_form_code": _("catégorie juridique"),
    "naf_code": _("activité (NAF)"),
    "is_ess": _("ESS"),
    "headcount_band": _("effectif salarié"),
    "is_siae": _("structure d'insertion (SIAE)"),
    "is_mission_company": _("société à mission"),
    "life_functions": _("fonctions de vie"),
    "description": _("description"),
    "website": _("site web"),
    "email": _("e-mail"),
    "phone": _("téléphone"),
}
VISIBILITY_CHOICES = [
    ("", _("Selon le format : publics pour SIRENE et RNA, privés pour un tableur")),
    ("public", _("Publics : visibles par tous")),
    ("private", _("Privés : visibles par vous et les administrateurs")),
]
# Why rows were left out (`ImportReport.skipped`), as the report page says it.
SKIPPED_LABELS = {
    "outside_territory": _("hors du territoire choisi"),
    "malformed_outside_territory": _("lignes mal formées hors du territoire"),
    "closed": _("établissements fermés"),
    "non_diffusible": _("établissements non diffusibles"),
    "natural_person": _("entrepreneurs individuels"),
    "dissolved": _("associations dissoutes"),
    "deleted": _("associations supprimées"),
}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier"),
        error_messages={"empty": _("Le fichier est vide (0 octet).")},
        validators=[validate_import_size],
    )
    file_format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES)
    territory = TerritoryField(label=_("Ne garder que le territoire (facultatif)"))
    atomic = forms.BooleanField(
        label=_("Tout ou rien : ne rien importer si une ligne est refusée"), required=False
    )
    visibility = forms.ChoiceField(
        label=_("Visibilité des acteurs créés"),
        choices=VISIBILITY_CHOICES,
        required=False,
        help_text=_(
            "Les acteurs déjà présents gardent leur visibilité. Un acteur privé se rend public "
            "depuis sa fiche."
        ),
    )
    clear_empty = forms.BooleanField(
        label=_("Les cellules vides effacent les valeurs"),
        required=False,
        help_text=_("Décochée, une cellule vide laisse la valeur connue telle quelle."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        bind_user(self, user)

    def clean_territory(self):
        territory = self.cleaned_data["territory"]
        return territory.ref if territory else ""

    def is_public(self) -> bool:
        visibility = self.cleaned_data["visibility"]
        if visibility:
            return visibility == "public"
        return public_by_default(self.cleaned_data["file_format"])


@permission_required_or_explain("actors.import_actors")
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = ImportJob.objects.create(
            file=upload,
            original_name=upload.name,
            file_format=form.cleaned_data["file_format"],
            territory_ref=form.cleaned_data["territory"],
            atomic=form.cleaned_data["atomic"],
            is_public=form.is_public(),
            clear_empty=form.cleaned_data["clear_empty"],
            created_by=request.user,
        )
        return redirect("actors:import_job", pk=job.pk)
    jobs = ImportJob.objects.filter(created_by=request.user)[:10]
    return render(request, "actors/import_upload.html", {"form": form, "jobs": jobs})


def _job(request, pk: int) -> ImportJob:
    return get_object_or_404(jobs_of(ImportJob, request.user), pk=pk)


def _preview(job: ImportJob) -> dict:
    importer = FORMATS[job.file_format]
    table = preview_table(job.file.path, header_hint=importer.header_hint())
    mapping = importer.fields_of(table.header)
    return {
        "header": table.header,
        "rows": [[row.get(column, "") for column in table.header] for _line, row in table.rows],
        "mapping": [(column, FIELD_LABELS.get(mapping.get(column), "")) for column in table.header],
        "sheet": table.sheet,
    }


def _conflicts(job: ImportJob, user) -> list[dict]:
    """The report's conflicts as a person reads them: the actor's name with a link, the field's
    label and the values as an actor's page shows them. Only on actors the person may see now:
    one made private since the import no longer shows its values here."""
    conflicts = job.report.get("conflicts", [])
    actors = Actor.objects.visible_to(user).in_bulk({c["actor"] for c in conflicts})
    # Conflicts name communes by their INSEE code.
    codes = {v for c in conflicts if c["field"] == "commune" for v in (c["kept"], c["incoming"])}
    communes = {
        code: f"{name} ({code})"
        for code, name in Commune.objects.filter(code__in=codes - {""}).values_list("code", "name")
    }
    return [
        {
            "line": conflict["line"],
            "actor": actors[conflict["actor"]],
            "field": history.field_label(conflict["field"]),
            "kept": history.displayed(conflict["field"], conflict["kept"], communes),
            "incoming": history.displayed(conflict["field"], conflict["incoming"], communes),
        }
        for conflict in conflicts
        if conflict["actor"] in actors
    ]


@permission_required_or_explain("actors.import_actors")
def import_job(request, pk: int):
    job = _job(request, pk)
    context = {
        "job": job,
        "progress": job.progress,
        "format_label": dict(FORMAT_CHOICES).get(job.file_format, job.file_format),
    }
    context["skipped"] = [
        (SKIPPED_LABELS.get(reason, reason), count)
        for reason, count in (job.report or {}).get("skipped", {}).items()
    ]
    if job.status == ImportJob.Status.UPLOADED:
        try:
            context["preview"] = _preview(job)
        except DataFileError as error:
            context["preview_error"] = str(error)
    elif job.status == ImportJob.Status.DONE:
        context["conflicts"] = _conflicts(job, request.user)
    if request.htmx:
        return render(request, "actors/includes/import_status.html", context)
    return render(request, "actors/import_job.html", context)


@permission_required_or_explain("actors.import_actors")
@require_POST
def import_run(request, pk: int):
    job = _job(request, pk)
    if job.status == ImportJob.Status.UPLOADED:
        import_job_start(job=job)
    return redirect("actors:import_job", pk=job.pk)
