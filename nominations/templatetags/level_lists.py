"""Column headers that sort a list, and the addresses of a list with other filters."""

from django import template
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_header(context, key: str, label: str):
    """A header link sorting the list by ``key``; once sorted by it, the reverse order. The
    other filters stay, the page goes back to the first."""
    request = context["request"]
    current = context.get("sort") or ""
    params = {k: v for k, v in request.GET.items() if k not in ("sort", "page", "format")}
    if current == key:
        params["sort"], arrow, state = f"-{key}", " ▲", _("sorted ascending")
    elif current == f"-{key}":
        params["sort"], arrow, state = key, " ▼", _("sorted descending")
    else:
        params["sort"], arrow, state = key, "", ""
    return format_html(
        '<a href="?{}" class="link-dark text-decoration-none"{}>{}{}</a>',
        urlencode(params),
        format_html(' aria-label="{}, {}"', label, state) if state else "",
        label,
        arrow,
    )


@register.simple_tag(takes_context=True)
def export_url(context) -> str:
    """The address of the same list, filtered and sorted alike, as a spreadsheet."""
    request = context["request"]
    params = {k: v for k, v in request.GET.items() if k not in ("page", "format")}
    params["format"] = "xlsx"
    return "?" + urlencode(params)
