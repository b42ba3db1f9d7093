from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


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
