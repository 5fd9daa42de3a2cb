"""Deadlines on pages: the last accepted moment (``deadline``, from ``core.deadlines``), and the
time left before it (``time_left``, ``countdown``), in words our own catalogue translates
(Django's Vietnamese catalogue lacks its time-since phrases)."""

import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import deadlines
from core.deadlines import deadline_text

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


@register.filter
def deadline(moment: datetime.datetime | None) -> str:
    """The last accepted moment of a deadline, as every page, e-mail and document writes it."""
    return deadline_text(moment)


#: the badge of a countdown by how near its deadline is
COUNTDOWN_CLASSES = {
    deadlines.CALM: "text-bg-light border",
    deadlines.AMBER: "text-bg-warning",
    deadlines.RED: "text-bg-danger",
    deadlines.PASSED: "text-bg-dark",
}


@register.inclusion_tag("includes/countdown.html")
def countdown(moment: datetime.datetime | None, now: datetime.datetime | None = None) -> dict:
    """Time left before a deadline, amber from seven days before it, red from one day."""
    if moment is None:
        return {"moment": None}
    state = deadlines.urgency(moment, now)
    return {
        "moment": moment,
        "state": state,
        "passed": state == deadlines.PASSED,
        "badge": COUNTDOWN_CLASSES[state],
        "left": time_left(moment, now),
    }
