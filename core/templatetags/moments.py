"""Time left before a deadline, in words our own catalogue translates (Django's Vietnamese
catalogue lacks its time-since phrases)."""

import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def time_left(moment: datetime.datetime | None, now: datetime.datetime | None = None) -> str:
    """ "12 days", "2 days 3 hours", "45 minutes", or "passed"; whole units, rounded down."""
    if moment is None:
        return ""
    seconds = int((moment - (now or timezone.now())).total_seconds())
    if seconds <= 0:
        return _("passed")
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = max(rest // 60, 1)
    parts = []
    if days:
        parts.append(ngettext("%(n)s day", "%(n)s days", days) % {"n": days})
    if hours and days < 7:
        parts.append(ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours})
    if not days and not hours:
        parts.append(ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes})
    return " ".join(parts)
