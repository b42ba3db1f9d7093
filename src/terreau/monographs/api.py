"""A cooperation's monograph in the JSON API, with the page's rules: its members read it, the
public only once it is published; anyone else gets a 404."""

from dataclasses import asdict

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router

from terreau.cooperations.models import Cooperation
from terreau.monographs.sections import Reader, build_monograph, monograph_of

router = Router(tags=["monographs"])


@router.get("/{slug}", summary="A cooperation's monograph: its sections in the grid's order")
def monograph_detail(request, slug: str):
    cooperation = get_object_or_404(Cooperation.objects.visible_to(request.auth), slug=slug)
    reader = Reader.of(cooperation, request.auth)
    monograph = monograph_of(cooperation)
    if not monograph.readable_by(reader.role):
        raise Http404
    content = build_monograph(cooperation, reader=reader)
    return {
        "cooperation": cooperation.slug,
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
