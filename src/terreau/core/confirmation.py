"""Deleting asks first: a page says what goes and what goes with it, and only its POST deletes.

A delete view calls `confirmation_page` first; it answers the page unless the request is the
confirmation's POST, which the page's form alone sends. A form elsewhere that still posts to the
delete address without it (an old bookmark, a script) lands on the page too: nothing is lost in
one click. The page is plain HTML, so it works without JavaScript."""

from django.http import HttpResponse
from django.shortcuts import render

CONFIRM_FIELD = "confirm"
CONFIRM_VALUE = "delete"


def confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == CONFIRM_VALUE


def confirmation_page(
    request, *, title: str, consequences: list[str], cancel_url: str, back_label: str = ""
) -> HttpResponse | None:
    """The confirmation page, or None when the request confirms and the caller may delete.

    `title` names the object ("Supprimer la brique « Cuisine »"); `consequences` say what goes
    with it, counts included ("2 citations et 1 pièce jointe de cet événement")."""
    if confirmed(request):
        return None
    return render(
        request,
        "core/confirm_delete.html",
        {
            "title": title,
            "consequences": [text for text in consequences if text],
            "cancel_url": cancel_url,
            "back_label": back_label,
            "confirm_field": CONFIRM_FIELD,
            "confirm_value": CONFIRM_VALUE,
        },
    )
