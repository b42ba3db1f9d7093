"""A cooperation's monograph in the JSON API, with the page's rules: its members read it, the
public only once it is published; anyone else gets a 404. A territory's récit likewise
(`/api/v1/territories/{ref}/recit`, a second router mounted beside the territories' one, with the
rules of `recit/access.py`)."""

from dataclasses import asdict

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router

from terreau.cooperations.models import Cooperation
from terreau.monographs.recit import TerritoryView, build_recit, recit_of
from terreau.monographs.recit.access import can_read
from terreau.monographs.sections import Reader, build_monograph, monograph_of
from terreau.territories.refs import territory_or_api_404

router = Router(tags=["monographs"])
recit_router = Router(tags=["monographs"])


@router.get("/{slug}", summary="A cooperation's monograph: its sections in the grid's order")
def monograph_detail(request, slug: str):
    cooperation = get_object_or_404(Cooperation.objects.visible_to(request.auth), slug=slug)
    reader = Reader.of(cooperation, request.auth)
    monograph = monograph_of(cooperation)
    if not monograph.readable_by(reader.role):
        raise Http404
    content = build_monograph(cooperation, reader=reader)
    return {"cooperation": cooperation.slug, **_document(content)}


@recit_router.get(
    "/{ref}/recit", summary="A territory's récit: its sections, as the caller may see them"
)
def recit_detail(request, ref: str, public: bool = False):
    """The récit as the caller reads it on its page (`public=true`: its public version); a 404
    when it is not published and the caller may not write it."""
    territory = territory_or_api_404(ref, user=request.auth)
    if not can_read(request.auth, territory, recit_of(territory)):
        raise Http404
    view = TerritoryView.public(territory) if public else TerritoryView(territory, request.auth)
    return {"territory": territory.ref, **_document(build_recit(view))}


def _document(content) -> dict:
    return {
        "title": content.title,
        "authors": content.authors,
        "is_public": content.is_public,
        "identity": [list(row) for row in content.identity.rows],
        "sections": [
            {
                "key": section.key,
                "number": section.number,
                "title": section.title,
                "questions": section.questions,
                "narrative": section.narrative,
                "narrative_by": section.narrative_by,
                "narrative_on": section.narrative_on,
                "parts": [{"kind": part.kind, **asdict(part)} for part in section.parts],
            }
            for section in content.sections
        ],
    }
