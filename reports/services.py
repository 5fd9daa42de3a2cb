"""The units' reports a campaign asks for (seed 004's sơ kết report, following the outline I–V):
who owes one and the operations on them (who may write and read them: ``permissions``).

Each operation is one function in one transaction: it checks who may act, locks the report's
row, checks the rule (the deadline, the required sections) and changes the state. A report
keeps who submitted it and when; reopening keeps the reason.
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from campaigns.models import Campaign, ReportRequest
from committees.models import Unit, normalize_text
from core.deadlines import deadline_text
from nominations.permissions import require
from nominations.validators import check_upload
from notifications.models import NoticeKind
from notifications.services import UNIT_ROLES, accounts_at, notify

from .models import ReportState, UnitReport
from .permissions import can_reopen, can_write

# --- pure rules --------------------------------------------------------------------------------


def deadline_error(now: datetime.datetime, due_at: datetime.datetime) -> str | None:
    """None before ``due_at``; at that moment and after, why not, with the exact moment."""
    if now >= due_at:
        return _("The deadline has passed: reports were accepted until %(moment)s.") % {
            "moment": deadline_text(due_at)
        }
    return None


def empty_required_sections(outline: list[dict], sections: dict, has_file: bool) -> list[dict]:
    """The required sections left empty; none when a file stands in for the written text."""
    if has_file:
        return []
    return [
        s
        for s in outline
        if s.get("required", True) and not normalize_text(sections.get(s["number"], ""))
    ]


# --- who ---------------------------------------------------------------------------------------


def reporting_units(request: ReportRequest):
    """The units that owe the report: of the listed kinds, active, inside the organiser (the
    organiser too when its kind is listed, see ``ReportRequest.must_report``)."""
    organiser = request.campaign.organiser
    return Unit.objects.within(organiser).active().filter(kind__in=request.unit_kinds or [])


def requests_of(campaign: Campaign):
    return campaign.report_requests.all()


# --- operations --------------------------------------------------------------------------------


def _fail(message, field: str | None = None):
    raise ValidationError({field: message} if field else message)


def _locked_report(user, request: ReportRequest, unit: Unit, now) -> UnitReport:
    """The unit's report, created on first save, locked for the rest of the transaction."""
    report, _created = UnitReport.objects.unscoped("the given unit's own report").get_or_create(
        request=request,
        unit=unit,
        defaults={"updated_by": user, "updated_at": now},
    )
    return UnitReport.objects.select_for_update().get(pk=report.pk)


def _sha256(file) -> str:
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def save_report_draft(
    user,
    request: ReportRequest,
    unit: Unit,
    sections: dict,
    *,
    uploaded_file=None,
    remove_file: bool = False,
    now: datetime.datetime | None = None,
) -> UnitReport:
    """Save the unit's text (only the outline's sections) and, optionally, its file.

    Nothing is checked against the deadline or the required sections here: a draft may be
    incomplete. A submitted report cannot be changed until the receiving level reopens it."""
    now = now or timezone.now()
    require(can_write(user, request, unit), _("Only the unit itself writes its report."))
    checked = None
    if uploaded_file is not None:
        if not request.allow_upload:
            _fail(_("This report is written in its sections; no file is accepted."), "file")
        checked = check_upload(
            uploaded_file,
            getattr(uploaded_file, "name", None),
            getattr(uploaded_file, "size", None),
            max_bytes=settings.EVIDENCE_MAX_BYTES,
            max_unpacked=settings.IMPORT_MAX_UNPACKED_BYTES,
        )
    numbers = [s["number"] for s in request.sections]
    cleaned = {n: (sections.get(n) or "").strip() for n in numbers}
    stored: list[str] = []
    old_name = ""
    try:
        with transaction.atomic():
            report = _locked_report(user, request, unit, now)
            if report.is_submitted:
                _fail(_("The report has been submitted; it can no longer be changed."))
            report.sections = {n: normalize_text(text) and text for n, text in cleaned.items()}
            if (checked is not None or remove_file) and report.file:
                old_name = report.file.name or ""
                report.file = ""
                report.original_name = report.content_type = report.sha256 = ""
                report.size = None
            if checked is not None:
                report.original_name = checked.name
                report.content_type = checked.kind.content_type
                report.size = checked.size
                report.sha256 = _sha256(uploaded_file)
                report.file.save(f"report{checked.kind.extension}", uploaded_file, save=False)
                stored.append(str(report.file.name))
            report.updated_by = user
            report.updated_at = now
            report.save()
            if old_name:
                storage = UnitReport.file.field.storage
                transaction.on_commit(lambda: storage.delete(old_name))
    except BaseException:
        for name in stored:
            UnitReport.file.field.storage.delete(name)
        raise
    return report


@transaction.atomic
def submit_report(
    user, request: ReportRequest, unit: Unit, *, now: datetime.datetime | None = None
) -> UnitReport:
    """Send the unit's report to the organiser: refused from ``due_at`` on (the moment is named)
    and while a required section is empty with no file standing in for the text."""
    now = now or timezone.now()
    require(can_write(user, request, unit), _("Only the unit itself submits its report."))
    error = deadline_error(now, request.due_at)
    if error:
        _fail(error)
    report = _locked_report(user, request, unit, now)
    if report.is_submitted:
        _fail(_("The report has already been submitted."))
    empty = empty_required_sections(request.sections, report.sections or {}, bool(report.file))
    if empty:
        _fail(
            _(
                "Write every required section before submitting (or attach the report as a "
                "file). Still empty: %(sections)s."
            )
            % {"sections": ", ".join(f"{s['number']}. {s['title']}" for s in empty)}
        )
    report.state = ReportState.SUBMITTED
    report.submitted_at = now
    report.submitted_by = user
    report.reopened_reason = ""
    report.save()
    return report


@transaction.atomic
def reopen_report(
    user, report: UnitReport, reason: str, *, now: datetime.datetime | None = None
) -> UnitReport:
    """The receiving level sends a submitted report back to its unit, with the reason; the unit
    then has to submit it again before the deadline."""
    report = (
        UnitReport.objects.select_for_update(of=("self",))
        .select_related("request__campaign__organiser")
        .get(pk=report.pk)
    )
    require(
        can_reopen(user, report.request),
        _("Only the staff of the receiving level can reopen a report."),
    )
    if not report.is_submitted:
        _fail(_("Only a submitted report can be reopened."))
    reason = (reason or "").strip()
    if not normalize_text(reason):
        _fail(_("Give the reason for reopening the report."), "reason")
    report.state = ReportState.DRAFT
    report.submitted_at = None
    report.submitted_by = None
    report.reopened_reason = reason
    report.updated_at = now or timezone.now()
    report.save()
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Your unit's report %(title)s was reopened: send it again") % {
            "title": report.request.title
        }
    notify(
        accounts_at([report.unit_id], UNIT_ROLES),
        NoticeKind.REPORT_REQUESTED,
        title,
        reason,
        reverse("reports:edit", args=[report.request.campaign.code, report.request.code]),
        exclude=user,
    )
    return report


# --- reading -----------------------------------------------------------------------------------


def overview_rows(request: ReportRequest) -> list[dict]:
    """Every unit that owes the report with its report (or None): two queries."""
    units = list(reporting_units(request).order_by("path"))
    reports = {
        r.unit_id: r
        for r in UnitReport.objects.unscoped(
            "every unit owing the report, for the level receiving it"
        )
        .filter(request=request)
        .select_related("submitted_by")
    }
    rows = []
    for unit in units:
        report = reports.get(unit.pk)
        submitted = report is not None and report.is_submitted
        rows.append(
            {
                "unit": unit,
                "report": report,
                "submitted": submitted,
                # Submitted on time is the only possibility (the service refuses later ones), so
                # "late" is a unit with nothing submitted once the deadline has passed.
                "late": not submitted and timezone.now() >= request.due_at,
            }
        )
    return rows


def submitted_reports(request: ReportRequest, public_ids=None):
    reports = (
        UnitReport.objects.unscoped("the reports a request received, for the level receiving it")
        .filter(request=request, state=ReportState.SUBMITTED)
        .select_related("unit")
        .order_by("unit__path")
    )
    if public_ids is not None:
        reports = reports.filter(public_id__in=public_ids)
    return reports
