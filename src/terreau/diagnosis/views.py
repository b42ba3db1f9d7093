from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from terreau.core.csp import self_contained_html
from terreau.core.jobs import jobs_of
from terreau.core.limits import validate_import_size
from terreau.core.pdf_jobs import pdf_response
from terreau.core.taxonomies import ActorKind, LifeFunction
from terreau.diagnosis.choropleth import choropleth
from terreau.diagnosis.forms import ComparisonForm, NeedForm, NoteForm
from terreau.diagnosis.jobs import needs_import_job_start
from terreau.diagnosis.models import NeedsImportJob, Note
from terreau.diagnosis.queries import diagnose, per_commune, percent
from terreau.diagnosis.report import coverage_chart, report_html
from terreau.territories.commune_lists import commune_list
from terreau.territories.refs import territory_or_404

# Beyond this many communes the figures of the map are in its JSON document, not in the page.
MAP_TABLE_MAX = 500


def _territory(request, ref: str):
    return territory_or_404(ref, user=request.user)


def diagnosis(request, ref: str, need_form=None, note_form=None):
    territory = _territory(request, ref)
    comparison = ComparisonForm(request.GET, user=request.user)
    compare_to = comparison.cleaned_data["compare"] if comparison.is_valid() else None
    computed = diagnose(territory, compare_to=compare_to, user=request.user)
    result = computed.data
    life_function = request.GET.get("life_function", LifeFunction.FOOD.value)
    if life_function not in LifeFunction.values:
        life_function = LifeFunction.FOOD.value
    labels = dict(LifeFunction.choices)
    coverage = [
        {**row, "label": labels[row["life_function"]], "bar": _bar(row)}
        for row in result["coverage"]
    ]
    kinds = [
        (ActorKind(kind).label, [counts[lf.value] for lf in LifeFunction], sum(counts.values()))
        for kind, counts in result["actors"]["matrix"].items()
        if result["actors"]["by_kind"][kind]
    ]
    context = {
        "territory": territory,
        "data": result,
        "figures_computed_at": computed.figures_computed_at,
        "reference_computed_at": computed.reference_computed_at,
        "coverage": coverage,
        "chart": coverage_chart(result["coverage"], labels),
        "life_functions": LifeFunction.choices,
        "matrix": kinds,
        "life_function": life_function,
        "life_function_label": labels[life_function],
        "communes_without": commune_list(
            territory.communes(), codes=set(result["communes_without"][life_function])
        ),
        "map": choropleth(
            per_commune(territory, life_function, user=request.user, figures=computed.figures)
        ),
        "map_table_max": MAP_TABLE_MAX,
        "comparison": comparison,
        # Links to the report carry the reference of what was compared, whatever was typed.
        "compare_ref": compare_to.ref if compare_to else "",
        "ess_percent": percent(result["actors"]["ess_share"]),
        "needs": computed.needs,
        "cooperations": computed.cooperations,
        "notes": Note.objects.visible_to(request.user)
        .for_territory(territory)
        .select_related("author"),
        "need_form": need_form or NeedForm(territory=territory, user=request.user),
        "note_form": note_form or NoteForm(prefix="note"),
    }
    return render(request, "diagnosis/diagnosis.html", context)


def _bar(row) -> dict:
    """Widths (in %) of the territory's and the reference's density, for the coverage chart."""
    values = [row["per_10k"] or 0, row["reference_per_10k"] or 0]
    top = max(values) or 1
    return {"territory": round(values[0] * 100 / top), "reference": round(values[1] * 100 / top)}


def diagnosis_map(request, ref: str):
    territory = _territory(request, ref)
    life_function = request.GET.get("life_function", "")
    if life_function not in LifeFunction.values:
        raise Http404
    features, unplaced = [], []
    communes = per_commune(territory, life_function, user=request.user)
    for commune in communes:
        if commune["lon"] is None:
            unplaced.append({"code": commune["code"], "name": commune["name"]})
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [commune["lon"], commune["lat"]]},
                "properties": {
                    "code": commune["code"],
                    "name": commune["name"],
                    "count": commune["actors"],
                    "per_10k": commune["per_10k"],
                },
            }
        )
    return JsonResponse(
        {
            "type": "FeatureCollection",
            "features": features,
            "unplaced": unplaced,
            **choropleth(communes),
        }
    )


def _record(request, territory, form, *, name: str, saved: str):
    """Save a need or a note written on the diagnosis page; on errors, show the page again with
    the form (`name`) and its messages."""
    if not form.is_valid():
        return diagnosis(request, territory.ref, **{name: form})
    form.instance.territory_ref, form.instance.author = territory.ref, request.user
    form.save()
    messages.success(request, saved)
    return redirect("diagnosis:diagnosis", ref=territory.ref)


@login_required
@require_POST
def add_need(request, ref: str):
    territory = _territory(request, ref)
    form = NeedForm(request.POST, territory=territory, user=request.user)
    return _record(request, territory, form, name="need_form", saved=_("Besoin enregistré."))


@login_required
@require_POST
def add_note(request, ref: str):
    territory = _territory(request, ref)
    form = NoteForm(request.POST, prefix="note")
    return _record(request, territory, form, name="note_form", saved=_("Note enregistrée."))


@login_required
@require_POST
def import_needs(request, ref: str):
    """Queue the import of a needs register file (a worker runs it, `diagnosis/jobs.py`) and
    lead to its page, where the report appears."""
    territory = _territory(request, ref)
    upload = request.FILES.get("file")
    if upload is None or upload.size == 0:
        messages.error(request, _("Choisissez un fichier non vide."))
        return redirect("diagnosis:diagnosis", ref=territory.ref)
    try:
        validate_import_size(upload)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("diagnosis:diagnosis", ref=territory.ref)
    job = NeedsImportJob.objects.create(
        file=upload,
        original_name=Path(upload.name).name[:255],
        territory_ref=territory.ref,
        atomic=bool(request.POST.get("atomic")),
        created_by=request.user,
    )
    needs_import_job_start(job=job)
    return redirect(job)


@login_required
def import_needs_job(request, ref: str, pk: int):
    """The import's progress, then its report; its author's (or staff's) only."""
    territory = _territory(request, ref)
    job = get_object_or_404(
        jobs_of(NeedsImportJob, request.user).filter(territory_ref=territory.ref), pk=pk
    )
    context = {"job": job, "territory": territory, "progress": job.progress}
    if request.htmx:
        return render(request, "diagnosis/includes/needs_import_status.html", context)
    return render(request, "diagnosis/needs_import_job.html", context)


def diagnosis_report(request, ref: str, file_format: str):
    """The printable report (HTML) or its PDF, in the interface's language. The PDF counts
    against the visitor's rate of heavy work (`core.throttling`) and is printed by a worker
    unless cached (`core.pdf_jobs`)."""
    territory = _territory(request, ref)
    comparison = ComparisonForm(request.GET, user=request.user)
    if not comparison.is_valid():
        raise Http404(" ".join(comparison.errors.get("compare", [])))
    compare_to = comparison.cleaned_data["compare"]
    result = diagnose(territory, compare_to=compare_to, user=request.user)
    html = report_html(result, user=request.user, language=get_language() or "fr")
    if file_format == "html":
        return self_contained_html(html)
    return pdf_response(request, html, filename=f"diagnostic-{territory.code}.pdf")
