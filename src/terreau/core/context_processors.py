from django.conf import settings


def terreau(request) -> dict:
    return {
        "tile_url": settings.TERREAU_TILE_URL,
        "tile_attribution": settings.TERREAU_TILE_ATTRIBUTION,
    }
