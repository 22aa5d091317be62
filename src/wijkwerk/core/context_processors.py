from django.conf import settings


def wijkwerk(request):
    return {
        "tile_url": settings.WIJKWERK_TILE_URL,
        "tile_attribution": settings.WIJKWERK_TILE_ATTRIBUTION,
    }
