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


def refuse_rows(stderr, errors: list[dict], total: int | None = None) -> None:
    """For all-or-nothing imports: prints the refused rows (`row`, `field`, `message`; the first ones
    when a file has more than WIJKWERK_MAX_ERROR_ROWS, `total` counts them all) and fails with one
    Dutch line (exit status 1)."""
    total = len(errors) if total is None else total
    for e in errors:
        stderr.write(gettext("Regel %(row)s, veld %(field)s: %(message)s")
                     % {"row": e["row"], "field": e["field"], "message": e["message"]})
    if total > len(errors):
        stderr.write(gettext("... en nog %(more)s geweigerde regels; alleen de eerste %(shown)s staan hierboven.")
                     % {"more": total - len(errors), "shown": len(errors)})
    raise CommandError(
        ngettext("%(n)s regel geweigerd; er is niets opgeslagen. Verbeter het bestand en probeer opnieuw.",
                 "%(n)s regels geweigerd; er is niets opgeslagen. Verbeter het bestand en probeer opnieuw.",
                 total) % {"n": total}
    )
