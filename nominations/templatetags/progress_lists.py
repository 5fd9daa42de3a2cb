"""The list of silent filing units on the progress page, written in Python: under a district at
the top of a city it holds hundreds of cells, and a template loop costs a tenth of a millisecond
an item."""

from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.simple_tag
def silent_items(units, note: str = ""):
    """``<li>`` items naming each unit and, in grey, the unit above it, followed by ``note``
    in red when given."""
    if note:
        return format_html_join(
            "",
            '<li>{} <span class="text-muted">· {}</span> · <span class="text-danger">{}</span>'
            "</li>",
            ((unit.name, unit.parent, note) for unit in units),
        )
    return format_html_join(
        "",
        '<li>{} <span class="text-muted">· {}</span></li>',
        ((unit.name, unit.parent) for unit in units),
    )
