"""What the tender pages share (`views`, `letter_views`, `assess_views`): the rights checks, the
messages of a refusal and the page context."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext

from wijkwerk.municipalities import roles


def has_right(request, action: str) -> bool:
    return request.wijkwerk_perms.has(action)


def require_any(request, *actions: str) -> None:
    if not any(has_right(request, a) for a in actions):
        raise PermissionDenied(gettext("U heeft geen rechten voor deze pagina."))


def require_prices(request) -> None:
    if not (has_right(request, roles.MANAGE_TENDER) and has_right(request, roles.VIEW_TENDER_PRICES)):
        raise PermissionDenied(gettext("Alleen de inkoper ziet de prijzen."))


def error_messages(exc: ValidationError) -> list[str]:
    return list(exc.messages)


def tender_context(tender, **extra) -> dict:
    return {"nav": "tender", "tender": tender, **extra}
