from ninja import Router

router = Router(tags=["offers"])


# Matching, map and gaps (api_matching.py).
from terreau.offers.api_matching import router as matching_router  # noqa: E402

router.add_router("", matching_router)
