"""Helpers for the management commands of every app that work on one municipality."""

from django.core.management.base import CommandError
from django.utils.translation import gettext

from .models import Gemeente


def get_gemeente_or_fail(slug: str) -> Gemeente:
    """The municipality with this slug, or a Dutch one-line error that says how to make it."""
    gemeente = Gemeente.objects.filter(slug=slug).first()
    if gemeente is None:
        raise CommandError(
            gettext("Gemeente '%(slug)s' bestaat niet. Maak haar aan met: wijkwerk create-gemeente.") % {"slug": slug}
        )
    return gemeente
