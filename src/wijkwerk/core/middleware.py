import json

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext

from .api import TITLES, problem_body
from .two_factor import two_factor_pending, two_factor_url

PROBLEM_JSON = "application/problem+json"


class ApiVersionMiddleware:
    """Adds the `API-Version` header to every API answer (NL API Design Rules), and turns the
    plain HTML error pages Django answers outside DRF views (an unknown /api/ path, a crash)
    into problem+json."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            if self._needs_problem(response):
                code = response.status_code
                detail = {
                    404: gettext("Dit adres bestaat niet in de API. Zie /api/v1/openapi.json voor de adressen."),
                    500: gettext("Er ging iets mis op de server. Probeer het later opnieuw."),
                }.get(code) or str(TITLES.get(code, gettext("Fout")))
                response = HttpResponse(
                    json.dumps(problem_body(code, detail, request.path), ensure_ascii=False),
                    status=code, content_type=PROBLEM_JSON,
                )
            response["API-Version"] = settings.API_VERSION
        return response

    @staticmethod
    def _needs_problem(response) -> bool:
        if response.status_code not in (404, 500) or getattr(response, "streaming", False):
            return False
        if response.status_code == 500 and settings.DEBUG:
            return False  # keep Django's debug page for developers
        content_type = response.get("Content-Type", "")
        return not content_type.startswith((PROBLEM_JSON, "application/json"))


class TwoFactorMiddleware:
    """A session that gave its password but still owes the second-step code (core/two_factor.py)
    reaches only the second-step pages, logging out, the language switch and static files. Pages
    redirect to the second step (keeping the page asked for as `next`, a local path only); the API
    answers 403 problem+json. Runs after django_otp's OTPMiddleware, whatever signed the user in."""

    ALLOWED = ("two-factor-verify", "two-factor-setup", "logout", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._allowed(request.path) and two_factor_pending(request):
            if request.path.startswith("/api/"):
                detail = gettext("Rond eerst de tweede stap van het inloggen af: de code uit de authenticator-app "
                                 "(op de website, %(url)s).") % {"url": reverse("two-factor-verify")}
                return HttpResponse(json.dumps(problem_body(403, detail, request.path), ensure_ascii=False),
                                    status=403, content_type=PROBLEM_JSON)
            next_url = request.get_full_path() if request.method in ("GET", "HEAD") else ""
            return HttpResponseRedirect(two_factor_url(request.user, next_url))
        return self.get_response(request)

    def _allowed(self, path: str) -> bool:
        if settings.STATIC_URL and path.startswith(settings.STATIC_URL):
            return True
        return path in {reverse(name) for name in self.ALLOWED}
