"""Shared pages that know no municipality: login, logout, health. The tenant-aware page plumbing
(`gemeente_page`, `render_page`, the start page) is in `wijkwerk.municipalities.pages`."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .two_factor import two_factor_pending, two_factor_url


class DutchAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Gebruikersnaam of wachtwoord klopt niet. Let op hoofdletters en kleine letters."),
        "inactive": _("Dit account is niet actief."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = gettext("Gebruikersnaam")
        self.fields["password"].label = gettext("Wachtwoord")


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = DutchAuthenticationForm
    redirect_authenticated_user = True

    def get_success_url(self):
        """Straight on to the second step when the user owes it (the middleware would send them there
        anyway, core/two_factor.py), with the page they asked for kept for afterwards."""
        url = super().get_success_url()
        if two_factor_pending(self.request):
            return two_factor_url(self.request.user, url)
        return url


class LogoutView(auth_views.LogoutView):
    pass


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: the app runs and the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database error means "not healthy"
        return JsonResponse({"status": "error", "database": "niet bereikbaar"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})

