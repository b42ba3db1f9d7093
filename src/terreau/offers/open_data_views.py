from django.http import Http404, StreamingHttpResponse

from terreau.core.opendata import stamp
from terreau.core.throttling import refused_heavy_work
from terreau.offers.open_data import CONTENT_TYPES, WRITERS, published_offers


def offers_open_data(request, file_format: str):
    """The published offers as open data (offers/open_data.py), for anyone, streamed."""
    if file_format not in WRITERS:
        raise Http404
    if refused := refused_heavy_work(request, "export"):
        return refused
    chunks = (text.encode("utf-8") for text in WRITERS[file_format](published_offers(), stamp()))
    response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="offres-terreau.{file_format}"'
    return response
