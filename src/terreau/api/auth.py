from django.contrib.auth.models import AnonymousUser
from ninja.security import HttpBearer

from terreau.api.models import ApiToken


class TokenOrSession(HttpBearer):
    """A bearer token for scripts, else the browser session, else an anonymous visitor.

    Public reference data answers everyone; each endpoint then checks what `request.auth` may see.
    A token that is sent but wrong is refused (401) rather than silently treated as anonymous.
    """

    def __call__(self, request):
        if request.headers.get("Authorization"):
            return super().__call__(request)
        user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated else AnonymousUser()

    def authenticate(self, request, token):
        return ApiToken.user_for(token)
