"""The units told of the reports asked of them: once when the campaign asks (a notice "a report
is requested of your unit", the day after the campaign opens or the unit appears), then
``REMINDER_DAYS`` before the deadline while their report is not submitted. Beat runs
``remind_due`` once a day; each unit is told of one request once per offset
(``notifications.services.claim_reminders``)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campaigns.models import CampaignStatus, ReportRequest
from notifications.models import DeadlineKind, NoticeKind
from notifications.services import (
    UNIT_ROLES,
    accounts_at,
    claim_reminders,
    days_left,
    notify,
    reminder_offset,
)

from .models import ReportState, UnitReport
from .services import reporting_units

#: the "offset" recorded for the announcement of a request, so that it is made once per unit
ANNOUNCEMENT = 9999


def units_without_report(request: ReportRequest):
    """The units that owe ``request`` and have not submitted it."""
    submitted = UnitReport.objects.unscoped("reminders: who has reported").filter(
        request=request, state=ReportState.SUBMITTED
    )
    return reporting_units(request).exclude(pk__in=submitted.values("unit_id"))


def _remind(request: ReportRequest, days_before: int, kind: str, title: str, body: str) -> int:
    with transaction.atomic():
        claimed = claim_reminders(
            units_without_report(request),
            DeadlineKind.REPORT,
            request.pk,
            request.due_at,
            days_before,
        )
        if claimed:
            url = reverse("reports:edit", args=[request.campaign.code, request.code])
            notify(accounts_at(claimed, UNIT_ROLES), kind, title, body, url)
    return len(claimed)


def remind_request(request: ReportRequest, now: datetime.datetime | None = None) -> int:
    """Announce ``request`` to the units not told yet, and remind those that have not reported
    when a reminder is due; the number of units told."""
    now = now or timezone.now()
    if request.due_at <= now:
        return 0
    names = {
        "title": request.title,
        "moment": formats.date_format(timezone.localtime(request.due_at), "H:i d/m/Y"),
    }
    told = 0
    with translation.override(settings.LANGUAGE_CODE):
        told += _remind(
            request,
            ANNOUNCEMENT,
            NoticeKind.REPORT_REQUESTED,
            _("A report is requested of your unit: %(title)s, before %(moment)s") % names,
            request.campaign.title,
        )
        offset = reminder_offset(request.due_at, settings.REMINDER_DAYS, now)
        if offset is not None:
            left = days_left(request.due_at, now)
            body = (
                ngettext("%(n)d day left.", "%(n)d days left.", left) % {"n": left}
                if left > 0
                else _("The deadline is today.")
            )
            told += _remind(
                request,
                offset,
                NoticeKind.DEADLINE,
                _("Reminder: send your unit's report %(title)s before %(moment)s") % names,
                body,
            )
    return told


def remind_due(now: datetime.datetime | None = None) -> int:
    """Beat's daily run over the report requests of the open campaigns."""
    now = now or timezone.now()
    requests = ReportRequest.objects.filter(
        campaign__status=CampaignStatus.OPEN, due_at__gt=now
    ).select_related("campaign__organiser")
    return sum(remind_request(request, now) for request in requests)
