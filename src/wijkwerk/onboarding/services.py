"""Setting up a new municipality: the tenant itself and the defaults every app needs before its
pages are used. It sits above the apps (it may import any of them; none imports it), so that
`municipalities` does not have to know the apps built on it."""

from django.db import transaction

from wijkwerk.inspections.quality.services import quality_defaults_ensure
from wijkwerk.municipalities.models import Gemeente
from wijkwerk.municipalities.services import gemeente_create
from wijkwerk.work.catalogue import catalogue_defaults_ensure


@transaction.atomic
def gemeente_setup(*, slug: str, name: str, actor=None, origin: str = "system") -> Gemeente:
    """Creates the municipality with the default quality catalogue and area types, and the default
    activity catalogue (skills, certificates, activities), so that no page has to store defaults
    while it is only read."""
    gemeente = gemeente_create(slug=slug, name=name, actor=actor, origin=origin)
    quality_defaults_ensure(gemeente=gemeente, actor=actor, origin=origin)
    catalogue_defaults_ensure(gemeente=gemeente, actor=actor, origin=origin)
    return gemeente
