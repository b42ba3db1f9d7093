"""The OpenAPI document as the API behaves (tests/api/test_fuzz.py checks every operation against
it): authentication is optional everywhere — a bearer token, else the browser session, else an
anonymous visitor, each operation then showing what that caller may see — and the errors an
operation can answer are declared with their JSON shape."""

from django.conf import settings
from ninja import NinjaAPI

from terreau.core.throttling import RATE_LIMITED

ERROR = {
    "title": "Error",
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERRORS = {
    "title": "ValidationErrors",
    "type": "object",
    "properties": {
        "detail": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
                    "msg": {"type": "string"},
                    "type": {"type": "string"},
                },
                "required": ["loc", "msg", "type"],
            },
        }
    },
    "required": ["detail"],
}
SECURITY_SCHEMES = {
    "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "An API token (`terreau token create USERNAME`): the operation answers "
        "what its user may see. A token that is sent and wrong is a 401.",
    },
    "session": {
        "type": "apiKey",
        "in": "cookie",
        "name": settings.SESSION_COOKIE_NAME,
        "description": "The session of a person logged in to the site.",
    },
}
# Anonymous access works everywhere (`{}`): public data answers everyone, the rest a 404.
SECURITY = [{"bearer": []}, {"session": []}, {}]
# Query parameters naming an object that may not exist, or not be visible: a 404.
REFERENCE_PARAMETERS = {"territory", "cooperation", "compare"}

ERROR_RESPONSES = {
    400: "Refused request: a NUL character in the address, a body that is not JSON or is "
    "nested too deep, or parameters the operation cannot combine.",
    401: "A bearer token was sent and is not valid.",
    404: "Unknown, or not visible to the caller (the same answer for both).",
    422: "A parameter or a body field is invalid; `loc` names it.",
    429: "Too many heavy requests (full exports) from this caller in the window "
    "(TERREAU_HEAVY_RATE_ANONYMOUS per address, TERREAU_HEAVY_RATE_USER per account); "
    "`Retry-After` says how many seconds to wait.",
    503: "The database stayed busy beyond its timeout (SQLite, during a large import): "
    "try again after `Retry-After` seconds.",
}
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer", "minimum": 1},
    }
}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _error_response(status: int) -> dict:
    schema = _ref("ValidationErrors" if status == 422 else "Error")
    response = {
        "description": ERROR_RESPONSES[status],
        "content": {"application/json": {"schema": schema}},
    }
    if status in (429, 503):
        response["headers"] = RETRY_AFTER
    return response


# No NUL in a parameter: core.middleware.RefuseNulMiddleware answers a 400 for every address
# holding one.
WITHOUT_NUL = "^[^\\u0000]*$"


def _refuse_nul(schema: dict) -> None:
    if schema.get("type") == "string" and not {"pattern", "enum", "format"} & set(schema):
        schema["pattern"] = WITHOUT_NUL
    for option in schema.get("anyOf", []):
        _refuse_nul(option)
    if isinstance(schema.get("items"), dict):
        _refuse_nul(schema["items"])


def declare_errors(document: dict) -> dict:
    """Security and error responses of every operation (the document is changed in place)."""
    components = document.setdefault("components", {})
    components.setdefault("schemas", {}).update(Error=ERROR, ValidationErrors=VALIDATION_ERRORS)
    components["securitySchemes"] = SECURITY_SCHEMES
    for path_item in document.get("paths", {}).values():
        for operation in path_item.values():
            operation["security"] = SECURITY
            parameters = operation.get("parameters", [])
            for parameter in parameters:
                _refuse_nul(parameter.get("schema", {}))
            statuses = [400, 401]
            if any(p["in"] == "path" or p["name"] in REFERENCE_PARAMETERS for p in parameters):
                statuses.append(404)
            if parameters or "requestBody" in operation:
                statuses.append(422)
            if operation.pop(RATE_LIMITED, False):
                statuses.append(429)
            # Any operation reads the database: on SQLite, one busy beyond its timeout answers
            # a 503 (core.middleware.DatabaseBusyMiddleware, in JSON under /api/).
            statuses.append(503)
            responses = operation.setdefault("responses", {})
            for status in statuses:
                responses.setdefault(status, _error_response(status))
    return document


class TerreauAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return declare_errors(document)
