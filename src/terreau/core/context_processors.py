from django.conf import settings


def terreau(request) -> dict:
    return {
        "tile_url": settings.TERREAU_TILE_URL,
        "tile_attribution": settings.TERREAU_TILE_ATTRIBUTION,
        # Links to the signup page only when anyone may sign up (not when closed or by invitation).
        "signup_open": settings.TERREAU_SIGNUP == "open",
    }
