from django import template

from terreau.territories.forms import picker_search_input

register = template.Library()


@register.simple_tag(takes_context=True)
def territory_picker_search(context, name: str) -> str:
    """The search box of the territory picker, suggesting what the visitor may see."""
    return picker_search_input(name=name, user=context["request"].user)
