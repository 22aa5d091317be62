"""What the quality and the condition pages share: the text of a refusal and the map set-up."""

from django.conf import settings
from django.core.exceptions import ValidationError

from wijkwerk.assets.mapdata import map_extent


def validation_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def map_config(**extra) -> dict:
    """The configuration of `static/js/inspections_map.js`: tiles plus what the page adds."""
    return {"tileUrl": settings.WIJKWERK_TILE_URL, "tileAttribution": settings.WIJKWERK_TILE_ATTRIBUTION, **extra}


def gemeente_extent(gemeente) -> list[float] | None:
    """[min_lon, min_lat, max_lon, max_lat] of the municipality's areas: where a map without data opens."""
    return map_extent(gemeente, {"buurt": None, "wijk": None})
