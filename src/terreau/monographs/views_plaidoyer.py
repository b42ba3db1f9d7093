"""The plaidoyer pack of a network (its territory's pack is served with the récit,
views_recit.py): anyone who may see the tête de réseau reads it, made of what they may see
(monographs/plaidoyer.py, network/membership.py)."""

from django.http import Http404
from django.utils.translation import get_language

from terreau.core.csp import self_contained_html
from terreau.core.pdf_jobs import pdf_response
from terreau.monographs.plaidoyer import network_plaidoyer_html
from terreau.network.membership import network_heads


def network_plaidoyer_file(request, pk: int, file_format: str):
    """The network's pack as a printable page or its PDF (through the PDF job); a 404 for an
    actor that is not a network or that the visitor may not see."""
    if file_format not in ("html", "pdf"):
        raise Http404
    head = network_heads(user=request.user).filter(pk=pk).first()
    if head is None:
        raise Http404
    html = network_plaidoyer_html(head, user=request.user, language=get_language() or "fr")
    if file_format == "pdf":
        return pdf_response(request, html, filename=f"plaidoyer-reseau-{head.pk}.pdf")
    return self_contained_html(html)
