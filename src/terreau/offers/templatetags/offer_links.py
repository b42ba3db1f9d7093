from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.filter
def offer_url(slug: str) -> str:
    """The page of an offer, or "" where the catalogue pages are not installed."""
    try:
        return reverse("offers:detail", args=[slug])
    except NoReverseMatch:
        return ""
