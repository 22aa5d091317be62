"""Helpers for management commands: Dutch one-line errors instead of tracebacks."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError


def validation_message(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def get_gemeente_or_fail(slug: str):
    from wijkwerk.municipalities.models import Gemeente

    gemeente = Gemeente.objects.filter(slug=slug).first()
    if gemeente is None:
        raise CommandError(f"Gemeente '{slug}' bestaat niet. Maak haar aan met: wijkwerk create-gemeente.")
    return gemeente


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
        stderr.write(f"Regel {e['row']}, veld {e['field']}: {e['message']}")
    raise CommandError(
        f"{len(errors)} regel(s) geweigerd; er is niets opgeslagen. Verbeter het bestand en probeer opnieuw."
    )
