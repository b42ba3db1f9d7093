import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-'\u2019_./,;()]+")


def search_key(text: str) -> str:
    """Fold a name for accent- and case-insensitive matching: "Saint-Étienne" → "saint etienne"."""
    decomposed = unicodedata.normalize("NFKD", text)
    without_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", without_accents.lower()).strip()
