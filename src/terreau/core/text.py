import re
import unicodedata

from django.utils.text import slugify

_SEPARATORS = re.compile(r"[\s\-'\u2019_./,;()]+")


def search_key(text: str) -> str:
    """Fold a name for accent- and case-insensitive matching: "Saint-Étienne" → "saint etienne"."""
    decomposed = unicodedata.normalize("NFKD", text)
    without_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", without_accents.lower()).strip()


def free_slug(queryset, name: str, fallback: str) -> str:
    """A slug from `name` that no row of `queryset` uses yet: "la-butinerie", "la-butinerie-2"."""
    base = slugify(name)[:70] or fallback
    slug, n = base, 2
    while queryset.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
