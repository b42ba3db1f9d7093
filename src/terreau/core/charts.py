"""Reusable chart geometry, shared by web pages and printed reports (inline SVG or styled HTML
rendered on the server). Each function is small and independent; add yours beside the others."""

HEAT_LEVELS = 4


def heat_level(count: int, top: int) -> int:
    """The colour step (0 to HEAT_LEVELS) of a count in a table coloured by count: 0 only for
    zero, so that an empty cell always stands out; the others in equal steps up to `top`."""
    if count <= 0 or top <= 0:
        return 0
    return max(1, min(HEAT_LEVELS, -(-count * HEAT_LEVELS // top)))
