"""Comparing two answers as a visitor sees them."""

import re


def without_csrf(html: str) -> str:
    """The page without its CSRF tokens, which differ at every answer."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", html)
