import json

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext

from .api import TITLES, problem_body

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
