import sys
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.views import defaults

from terreau.core.contacts import contact_href
from terreau.core.middleware import busy_response, database_busy
from terreau.territories.models import ReferenceDataset


def home(request):
    """What Terreau does for each kind of visitor, with where to start."""
    return render(request, "core/home.html")


def about_data(request):
    """The reference files loaded (geography, zonings), their versions and dates."""
    return render(
        request, "core/about_data.html", {"datasets": ReferenceDataset.objects.order_by("kind")}
    )


def _contacts(values) -> list[tuple[str, str]]:
    return [(contact, contact_href(contact)) for contact in values]


def accessibility(request):
    """The accessibility statement (RGAA); its operator-specific parts come from settings."""
    chosen = settings.TERREAU_ACCESSIBILITY_CONTACT
    contacts = _contacts([chosen] if chosen else settings.TERREAU_ADMIN_CONTACTS)
    context = {"contacts": contacts, "operator_name": settings.TERREAU_OPERATOR_NAME}
    return render(request, "core/accessibility.html", context)


def legal_notice(request):
    """Mentions légales: who publishes and hosts this installation (settings)."""
    context = {
        "operator_name": settings.TERREAU_OPERATOR_NAME,
        "operator_address": settings.TERREAU_OPERATOR_ADDRESS,
        "publication_director": settings.TERREAU_PUBLICATION_DIRECTOR,
        "hosting_provider": settings.TERREAU_HOSTING_PROVIDER,
        "contacts": _contacts(settings.TERREAU_ADMIN_CONTACTS),
    }
    return render(request, "core/legal_notice.html", context)


def permission_required_or_explain(perm: str):
    """Like Django's `permission_required`, except that a logged-in person without the permission
    gets a page (403) naming it and saying who can grant it: the login form Django shows them
    instead is a dead end, since logging in again changes nothing."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(perm):
                return permission_missing(request, perm)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def permission_missing(request, perm: str):
    context = {
        "permission": permission_label(perm),
        "contacts": _contacts(settings.TERREAU_ADMIN_CONTACTS),
    }
    return render(request, "core/permission_missing.html", context, status=403)


def permission_label(perm: str) -> str:
    """The name people read for a permission ("actors.import_actors"), in the page's language:
    a permission of our models has a translatable label in their Meta; the others keep the name
    Django stored."""
    app_label, codename = perm.split(".", 1)
    for model in apps.get_app_config(app_label).get_models():
        for name, label in model._meta.permissions:
            if name == codename:
                return label
    stored = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return stored.values_list("name", flat=True).first() or perm


def server_error(request):
    """Django's 500 page, except for a database busy beyond its timeout in a middleware (the
    session written after a login): the "busy" page, 503, as `DatabaseBusyMiddleware` answers
    for views."""
    if database_busy(sys.exc_info()[1]):
        return busy_response()
    return defaults.server_error(request)
