from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from terreau.accounts.forms import PasswordResetForm, SignupForm
from terreau.accounts.services import (
    account_activate,
    account_sign_up,
    activation_tokens,
    invitation_find,
    signup_mode,
)

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    mode = signup_mode()
    token = request.GET.get("invitation", "")
    invitation = invitation_find(token) if mode == "invitation" else None
    if mode == "closed" or (mode == "invitation" and invitation is None):
        return render(
            request,
            "accounts/signup_closed.html",
            {
                "mode": mode,
                "invitation_given": bool(token),
                "contacts": settings.TERREAU_ADMIN_CONTACTS,
            },
        )
    initial = {"email": invitation.email} if invitation else {}
    form = SignupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        user = account_sign_up(
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            invitation=invitation,
        )
        if user is None:
            return render(
                request, "accounts/signup_sent.html", {"email": form.cleaned_data["email"]}
            )
        login(request, user, backend=MODEL_BACKEND)
        messages.success(request, _("Bienvenue, votre compte est créé."))
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/signup.html", {"form": form})


@require_http_methods(["GET", "POST"])
def activate(request, uidb64: str, token: str):
    """The link mailed to a new account's address: a button confirms it (mail scanners that
    follow links do not), then the person is logged in."""
    try:
        user = get_user_model().objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, OverflowError, get_user_model().DoesNotExist):
        user = None
    valid = user is not None and activation_tokens.check_token(user, token)
    if valid and request.method == "POST":
        account_activate(user=user)
        login(request, user, backend=MODEL_BACKEND)
        messages.success(request, _("Votre adresse est confirmée, bienvenue."))
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(
        request,
        "accounts/activate.html",
        {"valid": valid, "user_to_activate": user if valid else None},
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Django's view; the same answer whether the address has an account or not."""

    form_class = PasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/emails/password_reset.txt"
    subject_template_name = "accounts/emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    @property
    def extra_email_context(self):
        return {"site_url": settings.TERREAU_SITE_URL.rstrip("/")}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
