"""Errors of /api/: always a JSON body `{"detail": …}`, never an HTML page (docs/deployment.md,
"Sécurité — API").

Two layers: `install(api)` gives django-ninja a handler per exception an operation may raise (404,
403, 401, 400, 422, 429, 503 when SQLite stays busy, and a last-resort 500 that logs the
traceback), and `JsonErrorsMiddleware` turns whatever Django itself answers under /api/ before
or around ninja (unknown address, method not allowed, CSRF refusal, a request refused by a
middleware, a 500 page) into the same JSON shape, keeping the status and headers such as `Allow`
or `Retry-After`."""

import logging
from functools import partial
from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.core.signals import got_request_exception
from django.db import OperationalError
from django.http import Http404, JsonResponse
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.parser import Parser

from terreau.core.errors import DataFileError
from terreau.core.jsonfile import parse_json
from terreau.core.middleware import database_busy

logger = logging.getLogger("terreau.api")
API_PREFIX = "/api/"


class RefusedBody(Exception):
    """A request body that is not JSON every operation can read safely (nested too deep, a NUL,
    a lone surrogate, not UTF-8…); its message says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class SafeJsonParser(Parser):
    """Bodies are read by `core.jsonfile.parse_json`, as imported files are: nesting bounded
    (MAX_DEPTH) before anything recurses over the value, no NUL or lone surrogate in a string."""

    def parse_body(self, request):
        try:
            return parse_json(request.body, name="body")
        except DataFileError as error:
            raise RefusedBody(error.message) from error


def _detail(api, request, detail, status: int, headers: dict | None = None):
    response = api.create_response(request, {"detail": detail}, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _http_error(request, exc: HttpError, api):
    # Ninja answers an unreadable body with its own message; ours says what is wrong.
    cause = exc.__cause__
    message = cause.message if isinstance(cause, RefusedBody) else str(exc)
    headers = {}
    if isinstance(exc, AuthenticationError):
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(exc, Throttled) and exc.wait:
        headers["Retry-After"] = str(exc.wait)
    return _detail(api, request, message, exc.status_code, headers)


def _unexpected(request, exc: Exception, api):
    """The last resort: log the traceback, tell Django (the test client re-raises it, error
    reporting sees it) and answer a JSON 500 that reveals nothing."""
    logger.error("Internal error on %s %s", request.method, request.path, exc_info=exc)
    got_request_exception.send(sender=None, request=request)
    return _detail(api, request, "Internal Server Error", 500)


def _operational(request, exc: OperationalError, api):
    """SQLite busy beyond its timeout: a 503 to try again, as the site's busy page; any other
    database error is unexpected."""
    if database_busy(exc):
        logger.warning("database busy beyond the timeout: %s %s", request.method, request.path)
        return _detail(api, request, "Database busy, try again", 503, {"Retry-After": "10"})
    return _unexpected(request, exc, api)


def install(api) -> None:
    api.add_exception_handler(Http404, lambda request, exc: _detail(api, request, "Not Found", 404))
    api.add_exception_handler(
        PermissionDenied, lambda request, exc: _detail(api, request, "Forbidden", 403)
    )
    api.add_exception_handler(HttpError, partial(_http_error, api=api))
    api.add_exception_handler(
        ValidationError, lambda request, exc: _detail(api, request, exc.errors, 422)
    )
    api.add_exception_handler(OperationalError, partial(_operational, api=api))
    api.add_exception_handler(Exception, partial(_unexpected, api=api))


def _is_json(response) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


class JsonErrorsMiddleware:
    """Under /api/, an error answered as HTML or text becomes `{"detail": "<reason>"}` with the
    same status. First in MIDDLEWARE, so that it also sees what the other middlewares answer."""

    KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "Vary", "Content-Language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not request.path.startswith(API_PREFIX)
            or response.status_code < 400
            or _is_json(response)
        ):
            return response
        try:
            reason = HTTPStatus(response.status_code).phrase
        except ValueError:
            reason = response.reason_phrase
        # A middleware that refuses a request may say why (core.middleware.RefuseNulMiddleware).
        detail = getattr(response, "error_detail", None) or reason
        replacement = JsonResponse({"detail": detail}, status=response.status_code)
        for name in self.KEPT_HEADERS:
            if name in response:
                replacement[name] = response[name]
        return replacement
