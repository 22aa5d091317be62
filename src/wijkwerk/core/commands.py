"""Helpers for management commands: Dutch one-line errors instead of tracebacks."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext, ngettext


def validation_message(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


class ServiceErrors:
    """Context manager that turns a service's ValidationError into a CommandError."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None and issubclass(exc_type, ValidationError):
            raise CommandError(validation_message(exc)) from None
        return False


def refuse_rows(stderr, errors: list[dict]) -> None:
    """For all-or-nothing imports: prints every refused row (`row`, `field`, `message`) and fails
    with one Dutch line (exit status 1)."""
    for e in errors:
        stderr.write(gettext("Regel %(row)s, veld %(field)s: %(message)s")
                     % {"row": e["row"], "field": e["field"], "message": e["message"]})
    raise CommandError(
        ngettext("%(n)s regel geweigerd; er is niets opgeslagen. Verbeter het bestand en probeer opnieuw.",
                 "%(n)s regels geweigerd; er is niets opgeslagen. Verbeter het bestand en probeer opnieuw.",
                 len(errors)) % {"n": len(errors)}
    )
