from django.conf import settings
from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


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
