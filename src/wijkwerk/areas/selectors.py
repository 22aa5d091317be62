"""Reads about wijken and buurten, always within one municipality."""

from django.db.models import QuerySet

from wijkwerk.municipalities.models import Gemeente

from .models import Area

LEVELS = tuple(Area.Level.values)


def area_list(*, gemeente: Gemeente, level: str | None = None) -> QuerySet[Area]:
    """The municipality's areas (optionally one level), ordered by level and code, with the
    parent wijk joined in (`area.parent.code` costs no extra query)."""
    qs = Area.objects.filter(gemeente=gemeente).select_related("parent")
    if level is not None:
        if level not in LEVELS:
            raise ValueError(f"unknown level {level!r}")
        qs = qs.filter(level=level)
    return qs.order_by("level", "code")


def area_get(*, gemeente: Gemeente, code: str, level: str | None = None) -> list[Area]:
    """Areas of the municipality with this code (one per level at most): a wijk and a buurt may
    share a code, so the caller decides what to do with two."""
    return list(area_list(gemeente=gemeente, level=level).filter(code=code))
