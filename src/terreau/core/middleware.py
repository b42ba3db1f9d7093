import logging

from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponse, HttpResponseBadRequest
from django.template import loader
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class FrenchFirstLocaleMiddleware:
    """French unless the person chose another language with the switch (Django's language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language header; Terreau is a French
    product whose English is an option, so the browser's language alone does not switch it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response


class RefuseNulMiddleware:
    """A NUL character in the address (path, query parameter name or value) is refused with a 400,
    once for every page and API operation: PostgreSQL cannot hold NUL in text, so a search or a
    slug carrying one would fail in the database, and no real address needs it. The refusal says
    why (`error_detail`, which the API's JSON errors repeat)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            message = _("Caractère nul interdit dans l'adresse.")
            response = HttpResponseBadRequest(
                render_to_string("400.html", {"explanation": message})
            )
            response.error_detail = str(message)
            return response
        return self.get_response(request)


def database_busy(exception: BaseException | None) -> bool:
    """Whether `exception` is SQLite's "database is locked": another writer kept the database
    longer than the busy timeout."""
    return isinstance(exception, OperationalError) and "locked" in str(exception).lower()


def busy_response() -> HttpResponse:
    """The page of a database busy beyond its timeout: 503, try again in a moment. Rendered
    without the request's context processors, which would read the database."""
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = "10"
    return response


class DatabaseBusyMiddleware:
    """A view that finds the database busy beyond the timeout answers the "busy" page (503),
    never a 500; `core.views.server_error` does the same for the middlewares' own writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not database_busy(exception):
            return None
        logger.warning("database busy beyond the timeout: %s %s", request.method, request.path)
        return busy_response()
