"""How a deadline is written and how near it is, in one place for pages, e-mails and documents.

A deadline is stored as an exclusive instant ("trước 00:00:00 ngày 15/01/2025": the first moment
no longer accepted). People are shown the last accepted moment, to the second, in Vietnam time:
"23 giờ 59 phút 59 giây ngày 14/01/2025 (giờ Việt Nam)".
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

#: a deadline this near is shown in amber, then in red
AMBER_WITHIN = datetime.timedelta(days=7)
RED_WITHIN = datetime.timedelta(days=1)

CALM, AMBER, RED, PASSED = "calm", "amber", "red", "passed"


def last_moment(deadline: datetime.datetime) -> datetime.datetime:
    """The last whole second still accepted before the exclusive ``deadline``, in local time."""
    last = timezone.localtime(deadline) - datetime.timedelta(microseconds=1)
    return last.replace(microsecond=0)


def deadline_text(deadline: datetime.datetime | None) -> str:
    """ "23 giờ 59 phút 59 giây ngày 14/01/2025 (giờ Việt Nam)"; empty without a deadline."""
    if deadline is None:
        return ""
    last = last_moment(deadline)
    return _("%(hours)s h %(minutes)s min %(seconds)s s on %(day)s (Vietnam time)") % {
        "hours": f"{last.hour:02d}",
        "minutes": f"{last.minute:02d}",
        "seconds": f"{last.second:02d}",
        "day": last.strftime("%d/%m/%Y"),
    }


def deadline_line(deadline: datetime.datetime | None) -> str:
    """ "Hạn chót: 23 giờ 59 phút 59 giây ngày 14/01/2025 (giờ Việt Nam)"."""
    if deadline is None:
        return ""
    return _("Deadline: %(moment)s") % {"moment": deadline_text(deadline)}


def urgency(deadline: datetime.datetime, now: datetime.datetime | None = None) -> str:
    """``passed`` at and after the deadline, ``red`` within a day of it, ``amber`` within seven
    days, ``calm`` before that."""
    left = deadline - (now or timezone.now())
    if left <= datetime.timedelta(0):
        return PASSED
    if left <= RED_WITHIN:
        return RED
    if left <= AMBER_WITHIN:
        return AMBER
    return CALM
