from ninja import Router

from terreau.core.taxonomies import TAXONOMIES, taxonomy_entries

router = Router(tags=["taxonomies"])


@router.get("", summary="Every shared taxonomy, with French and English labels")
def taxonomies(request) -> dict[str, list[dict[str, str]]]:
    return {name: taxonomy_entries(taxonomy) for name, taxonomy in TAXONOMIES.items()}
