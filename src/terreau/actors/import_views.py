"""Importing actors from the web: upload, preview of the first rows with the detected columns,
then a background run with a progress bar and the report."""

from django import forms
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from terreau.actors.importers import rna, sirene
from terreau.actors.importers.spreadsheet import SYNONYMS, detect_columns
from terreau.actors.jobs import import_job_start, read_progress
from terreau.actors.models import ImportJob
from terreau.core.errors import DataFileError
from terreau.core.limits import validate_import_size
from terreau.core.tabular import preview_table
from terreau.territories.refs import TerritoryRefError, resolve

FORMAT_CHOICES = [
    ("csv", _("Tableur CSV")),
    ("xlsx", _("Classeur XLSX")),
    ("sirene", _("SIRENE — fichier StockEtablissement de l'INSEE")),
    ("rna", _("RNA — fichier waldec des associations")),
]
FIELD_LABELS = {
    "name": _("nom"),
    "siret": _("SIRET"),
    "siren": _("SIREN"),
    "rna": _("numéro RNA"),
    "external_id": _("identifiant"),
    "commune": _("code commune"),
    "postal_code": _("code postal"),
    "address": _("adresse"),
    "kind": _("type d'acteur"),
    "legal_form_code": _("catégorie juridique"),
    "naf_code": _("activité (NAF)"),
    "is_ess": _("ESS"),
    "life_functions": _("fonctions de vie"),
    "description": _("description"),
    "website": _("site web"),
    "email": _("e-mail"),
    "phone": _("téléphone"),
}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier"),
        error_messages={"empty": _("Le fichier est vide (0 octet).")},
        validators=[validate_import_size],
    )
    file_format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES)
    territory = forms.CharField(
        label=_("Ne garder que le territoire (facultatif)"),
        required=False,
        help_text=_("Une référence comme epci:246200844 ou departement:62."),
    )
    atomic = forms.BooleanField(
        label=_("Tout ou rien : ne rien importer si une ligne est refusée"), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_territory(self):
        ref = self.cleaned_data["territory"].strip()
        if ref:
            try:
                return resolve(ref, user=self.user).ref
            except TerritoryRefError as error:
                raise forms.ValidationError(str(error)) from error
        return ""


@permission_required("actors.import_actors")
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
            created_by=request.user,
        )
        return redirect("actors:import_job", pk=job.pk)
    jobs = ImportJob.objects.filter(created_by=request.user)[:10]
    return render(request, "actors/import_upload.html", {"form": form, "jobs": jobs})


def _job(request, pk: int) -> ImportJob:
    jobs = ImportJob.objects.all()
    if not request.user.is_staff:
        jobs = jobs.filter(created_by=request.user)
    return get_object_or_404(jobs, pk=pk)


def _preview(job: ImportJob) -> dict:
    if job.file_format == "sirene":
        hint, mapping = {"siret"}, {c: f for f, c in sirene.FIELD_COLUMNS.items()}
    elif job.file_format == "rna":
        hint, mapping = {"titre"}, {c: f for f, c in rna.COLUMNS.items()}
    else:
        hint, mapping = {s for names in SYNONYMS.values() for s in names}, None
    table = preview_table(job.file.path, header_hint=hint)
    if mapping is None:
        mapping = detect_columns(table.header, {})
    return {
        "header": table.header,
        "rows": [[row.get(column, "") for column in table.header] for _line, row in table.rows],
        "mapping": [(column, FIELD_LABELS.get(mapping.get(column), "")) for column in table.header],
        "sheet": table.sheet,
    }


@permission_required("actors.import_actors")
def import_job(request, pk: int):
    job = _job(request, pk)
    context = {"job": job, "progress": read_progress(job)}
    if job.status == ImportJob.Status.UPLOADED:
        try:
            context["preview"] = _preview(job)
        except DataFileError as error:
            context["preview_error"] = str(error)
    if request.htmx:
        return render(request, "actors/includes/import_status.html", context)
    return render(request, "actors/import_job.html", context)


@permission_required("actors.import_actors")
@require_POST
def import_run(request, pk: int):
    job = _job(request, pk)
    if job.status == ImportJob.Status.UPLOADED:
        import_job_start(job=job)
    return redirect("actors:import_job", pk=job.pk)
