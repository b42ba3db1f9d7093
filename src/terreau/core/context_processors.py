from django.conf import settings

from terreau.core.contacts import contact_href


def terreau(request) -> dict:
    return {
        "tile_url": settings.TERREAU_TILE_URL,
        "tile_attribution": settings.TERREAU_TILE_ATTRIBUTION,
        # Links to the signup page only when anyone may sign up (not when closed or by invitation).
        "signup_open": settings.TERREAU_SIGNUP == "open",
        # The footer's contact links.
        "site_contacts": [
            (contact, contact_href(contact)) for contact in settings.TERREAU_ADMIN_CONTACTS
        ],
    }
