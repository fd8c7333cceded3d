from django import template

register = template.Library()


@register.filter
def percent(value) -> str:
    """0.8571 -> '85.7 %'; None -> '—'."""
    if value is None:
        return "—"
    return f"{value * 100:.1f} %"


@register.filter
def decimal(value, places: int = 2) -> str:
    if value is None:
        return "—"
    return f"{value:.{int(places)}f}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
