from django import template

from roundtable.domain import places

register = template.Library()


@register.filter
def country_name(code: str) -> str:
    """KE -> Kenya; an empty or unknown code is shown as it is."""
    return places.country_name(code) if code else ""
