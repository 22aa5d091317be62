"""API plumbing shared by every app: errors as problem+json (RFC 9457)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

TITLES = {
    400: "Ongeldige aanvraag",
    401: "Niet ingelogd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Niet aanvaardbaar",
    412: "Voorwaarde niet vervuld",
    415: "Mediatype niet ondersteund",
    428: "Voorwaarde vereist",
    429: "Te veel verzoeken",
}


def problem_exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Niet gevonden.")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    code = response.status_code
    data = response.data
    body = {
        "type": f"https://httpstatuses.io/{code}",
        "title": TITLES.get(code, "Fout"),
        "status": code,
    }
    if isinstance(data, dict) and set(data) == {"detail"}:
        body["detail"] = str(data["detail"])
    elif data:
        body["detail"] = "De aanvraag bevat ongeldige gegevens."
        body["invalid_params"] = _invalid_params(data)
    request = context.get("request")
    if request is not None:
        body["instance"] = request.path
    response.data = body
    response.content_type = "application/problem+json"
    return response


def _invalid_params(data, prefix=""):
    params = []
    if isinstance(data, dict):
        for key, value in data.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            params.extend(_invalid_params(value, name))
    elif isinstance(data, list):
        if all(not isinstance(v, (dict, list)) for v in data):
            for v in data:
                params.append({"name": prefix or "non_field_errors", "code": getattr(v, "code", "invalid"),
                               "reason": str(v)})
        else:
            for i, v in enumerate(data):
                params.extend(_invalid_params(v, f"{prefix}.{i}"))
    else:
        params.append({"name": prefix or "non_field_errors", "code": getattr(data, "code", "invalid"),
                       "reason": str(data)})
    return params


def problem_response(code: int, detail: str, request=None) -> Response:
    body = {"type": f"https://httpstatuses.io/{code}", "title": TITLES.get(code, "Fout"), "status": code,
            "detail": detail}
    if request is not None:
        body["instance"] = request.path
    return Response(body, status=code, content_type="application/problem+json")


__all__ = ["problem_exception_handler", "problem_response", "status"]
