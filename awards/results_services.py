"""The report of results (seed 000 III.6): the unit that honored drafts it from the data, edits
its text, and sends it to the level above, which reads every unit's report and their
consolidated table.

* **Who**: the staff of the honoring unit (``can_prepare_decisions``) draft, refresh, edit and
  send; the staff of the receiving unit reopen a sent report (``can_reopen_results_report``).
* **To whom**: the unit of the campaign's next level above, on the way up the tree (a district
  reports to the city). The top level has no level above: its report goes to its own standing
  committee, so its recipient is the unit itself and sending tells its standing members.
* **Zero**: a unit that honored nobody may still report (its figures are zeros); a unit at a
  level that does not honor has nothing to report and is refused.
* **Sent** is final for the unit: no refresh, no edit, no second sending, until the recipient
  reopens it (with a reason, which the unit is told).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from campaigns.models import Campaign, QuotaScope, ReviewLevel
from committees.models import Gender, Role, Unit, UnitKind, normalize_text
from nominations import quotas
from nominations.models import LevelDecision, Nomination, NominationState, Outcome
from nominations.permissions import require
from nominations.selectors import cap_status, level_of
from notifications.models import NoticeKind
from notifications.services import accounts_at, notify

from . import results
from .models import ResultsReport
from .permissions import can_prepare_decisions, can_reopen_results_report

#: who is told that a report arrived: the receiving unit's staff and standing members
RECIPIENT_ROLES = (Role.STAFF, Role.STANDING_MEMBER)
#: the most characters a report's text may hold
MAX_TEXT = 20000


def _fail(message: str, field: str | None = None):
    raise ValidationError({field: [message]} if field else message)


# --- reading the data --------------------------------------------------------------------------


def recipient_of(campaign: Campaign, level: ReviewLevel, unit: Unit) -> Unit:
    """The unit of the next level above ``unit`` in ``campaign``; the unit itself at the top
    (its report goes to its own standing committee)."""
    above = campaign.level_above(level)
    if above is None:
        return unit
    step = Unit.steplen
    above_paths = [unit.path[:end] for end in range(step, len(unit.path), step)]
    for ancestor in Unit.objects.filter(path__in=above_paths).order_by("-depth"):
        if above.matches(ancestor, campaign.organiser):
            return ancestor
    return campaign.organiser if campaign.organiser.contains(unit) else unit


def honored_here(campaign: Campaign, level: ReviewLevel, unit: Unit):
    """The nominations ``unit`` honored at ``level`` (all filed inside its subtree)."""
    return (
        Nomination.objects.within(unit)
        .filter(
            campaign=campaign,
            state=NominationState.HONORED,
            honored_level=level,
            reviewing_unit=unit,
        )
        .select_related("category", "person", "filing_unit")
    )


def grassroots_kinds_of(units: Iterable[Unit]) -> dict[int, str]:
    """For each filing unit, the kind of its grassroots organisation (``results.grassroots_kind``),
    read in one query for all their ancestors."""
    units = list({u.pk: u for u in units}.values())
    step = Unit.steplen
    prefixes = {u.path[:end] for u in units for end in range(step, len(u.path), step)}
    kinds = dict(Unit.objects.filter(path__in=prefixes).values_list("path", "kind"))
    result = {}
    for u in units:
        up = [u.kind] + [
            kinds[u.path[:end]]
            for end in range(len(u.path) - step, 0, -step)
            if u.path[:end] in kinds
        ]
        result[u.pk] = results.grassroots_kind(up, UnitKind.grassroots_kinds())
    return result


def compute_figures(campaign: Campaign, level: ReviewLevel, unit: Unit) -> dict:
    """The figures of ``unit``'s report, from the data as it stands."""
    honored = list(honored_here(campaign, level, unit))
    kinds = grassroots_kinds_of(n.filing_unit for n in honored)
    rows = [
        results.HonoredRow(
            category=n.category.code,
            individual=n.person_id is not None,
            gender=n.person.gender if n.person_id else "",
            birth_date=n.person.date_of_birth if n.person_id else None,
            unit_kind=kinds.get(n.filing_unit_id, ""),
        )
        for n in honored
    ]
    decided = LevelDecision.objects.filter(
        nomination__campaign=campaign, level=level, unit=unit
    ).aggregate(
        forwarded=Count("id", filter=Q(outcome=Outcome.FORWARD)),
        rejected=Count("id", filter=Q(outcome=Outcome.REJECT)),
    )
    received = (
        Nomination.objects.within(unit)
        .filter(
            campaign=campaign,
            events__level=level,
            events__unit=unit,
            events__to_state=NominationState.PROPOSED,
        )
        .distinct()
        .count()
    )
    cap = cap_status(level, unit)
    quota_rows = []
    for quota in quotas.quotas_for(campaign, unit, QuotaScope.FORWARDED):
        used = quotas.usage(campaign, unit, QuotaScope.FORWARDED, category_id=quota.category_id)
        quota_rows.append(
            results.QuotaInfo(
                category=quota.category.name if quota.category is not None else "",
                max_individuals=quota.max_individuals,
                max_collectives=quota.max_collectives,
                max_total=quota.max_total,
                individuals=used.individuals,
                collectives=used.collectives,
            )
        )
    return results.compute_figures(
        rows,
        categories=[results.CategoryInfo(c.code, c.name) for c in campaign.categories.all()],
        as_of=campaign.period_end,
        received=received,
        forwarded=decided["forwarded"],
        rejected=decided["rejected"],
        cap=None
        if cap is None
        else results.CapInfo(cap.base, cap.percent, cap.limit, cap.requested),
        quotas=quota_rows,
    )


# --- the words ---------------------------------------------------------------------------------


def kind_label(code: str) -> str:
    if code in UnitKind.values:
        return str(UnitKind(code).label)
    return _("Unknown")


def labelled(figures: dict) -> dict:
    """The figures with their labels, for the text, the pages and the spreadsheet."""
    return {
        "categories": figures.get("by_category", []),
        "genders": list(figures.get("by_gender", {}).items()),
        "ages": [(code, count) for code, count in figures.get("by_age", {}).items()],
        "kinds": [
            (kind_label(code), count) for code, count in figures.get("by_unit_kind", {}).items()
        ],
    }


def gender_label(code: str) -> str:
    if code in Gender.values:
        return str(Gender(code).label)
    return _("Not recorded")


def age_label(code: str) -> str:
    return {
        "under_30": _("under 30"),
        "30_45": _("30 to 45"),
        "46_60": _("46 to 60"),
        "over_60": _("over 60"),
    }.get(code, _("Not recorded"))


def compose_text(report: ResultsReport, figures: dict | None = None) -> str:
    """The report's text, generated from its figures in the site's language (Vietnamese); the
    unit edits it before sending."""
    figures = report.figures if figures is None else figures
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "awards/results/report_text.txt",
            {
                "report": report,
                "campaign": report.campaign,
                "unit": report.unit,
                "recipient": report.recipient,
                "to_itself": report.recipient_id == report.unit_id,
                "f": figures,
                "labels": labelled(figures),
            },
        ).strip()


# --- the services ------------------------------------------------------------------------------


def _honoring_level(campaign: Campaign, unit: Unit) -> ReviewLevel:
    level = level_of(campaign, unit)
    if not level.can_honor:
        _fail(
            _("%(unit)s does not honor in this campaign: it has no results to report.")
            % {"unit": unit.name}
        )
    return level


def _locked(report: ResultsReport) -> ResultsReport:
    return (
        ResultsReport.objects.select_for_update(of=("self",))
        .select_related("campaign__organiser", "unit", "recipient", "level")
        .get(pk=report.pk)
    )


def _require_draft(report: ResultsReport) -> None:
    if report.sent_at is not None:
        _fail(
            _("This report was sent on %(moment)s; it can no longer be changed.")
            % {"moment": timezone.localtime(report.sent_at).strftime("%H:%M %d/%m/%Y")}
        )


@transaction.atomic
def draft_report(user, campaign: Campaign, unit: Unit) -> ResultsReport:
    """The unit's report for ``campaign``: drafted from the data the first time (figures and
    text), the existing one afterwards, as it is."""
    require(
        can_prepare_decisions(user, unit),
        _("Only the staff of the unit that honored write its report of results."),
    )
    level = _honoring_level(campaign, unit)
    existing = ResultsReport.objects.within(unit).filter(campaign=campaign, unit=unit).first()
    if existing is not None:
        return existing
    report = ResultsReport(
        campaign=campaign,
        level=level,
        unit=unit,
        recipient=recipient_of(campaign, level, unit),
        figures=compute_figures(campaign, level, unit),
        created_by=user,
    )
    report.text = compose_text(report)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        # Two clerks drafted at once: the first one's draft is the unit's report.
        return ResultsReport.objects.within(unit).get(campaign=campaign, unit=unit)
    return report


@transaction.atomic
def refresh_figures(user, report: ResultsReport) -> ResultsReport:
    """Count again from the data. The text follows the new figures if nobody edited it;
    an edited text is kept (the unit compares it with the new figures)."""
    report = _locked(report)
    require(
        can_prepare_decisions(user, report.unit),
        _("Only the staff of the unit that honored write its report of results."),
    )
    _require_draft(report)
    untouched = normalize_text(report.text) == normalize_text(compose_text(report))
    report.figures = compute_figures(report.campaign, report.level, report.unit)
    if untouched:
        report.text = compose_text(report)
    report.save(update_fields=["figures", "text", "updated_at"])
    return report


@transaction.atomic
def edit_text(user, report: ResultsReport, text: str) -> ResultsReport:
    report = _locked(report)
    require(
        can_prepare_decisions(user, report.unit),
        _("Only the staff of the unit that honored write its report of results."),
    )
    _require_draft(report)
    text = (text or "").replace("\r\n", "\n").strip()
    if not normalize_text(text):
        _fail(_("Write the report's text (or regenerate it from the figures)."), "text")
    if len(text) > MAX_TEXT:
        _fail(_("The report is at most %(n)s characters long.") % {"n": MAX_TEXT}, "text")
    report.text = text
    report.save(update_fields=["text", "updated_at"])
    return report


@transaction.atomic
def regenerate_text(user, report: ResultsReport) -> ResultsReport:
    """Replace the text with the one generated from the current figures."""
    report = _locked(report)
    require(
        can_prepare_decisions(user, report.unit),
        _("Only the staff of the unit that honored write its report of results."),
    )
    _require_draft(report)
    report.text = compose_text(report)
    report.save(update_fields=["text", "updated_at"])
    return report


@transaction.atomic
def send_report(user, report: ResultsReport, *, now: datetime.datetime | None = None):
    """Send the report to the level above (at the top, to the unit's standing committee): it
    is locked from then on and the recipient's staff and standing members are told."""
    report = _locked(report)
    require(
        can_prepare_decisions(user, report.unit),
        _("Only the staff of the unit that honored send its report of results."),
    )
    _require_draft(report)
    if not normalize_text(report.text):
        _fail(_("Write the report's text before sending it."), "text")
    report.sent_at = now or timezone.now()
    report.sent_by = user
    report.save(update_fields=["sent_at", "sent_by", "updated_at"])
    to_itself = report.recipient_id == report.unit_id
    roles = (Role.STANDING_MEMBER,) if to_itself else RECIPIENT_ROLES
    with translation.override(settings.LANGUAGE_CODE):
        title = _("%(unit)s sent its report of results: %(campaign)s") % {
            "unit": report.unit.name,
            "campaign": report.campaign.title,
        }
        body = _("Honored: %(n)s.") % {"n": report.figures.get("honored", 0)}
    notify(
        accounts_at([report.recipient], roles),
        NoticeKind.RESULTS_REPORT,
        title,
        body,
        reverse("awards:results-detail", args=[report.public_id]),
        exclude=user,
    )
    return report


@transaction.atomic
def reopen_report(user, report: ResultsReport, reason: str) -> ResultsReport:
    """The receiving unit's staff send a report back to its unit, with the reason."""
    report = _locked(report)
    require(
        can_reopen_results_report(user, report),
        _("Only the staff of the receiving unit reopen a report of results."),
    )
    if report.sent_at is None:
        _fail(_("Only a sent report can be reopened."))
    reason = (reason or "").strip()
    if not normalize_text(reason):
        _fail(_("Give the reason for reopening the report."), "reason")
    report.sent_at = None
    report.sent_by = None
    report.save(update_fields=["sent_at", "sent_by", "updated_at"])
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Your report of results was reopened: %(campaign)s") % {
            "campaign": report.campaign.title
        }
    notify(
        accounts_at([report.unit], (Role.STAFF,)),
        NoticeKind.RESULTS_REPORT,
        title,
        reason,
        reverse("awards:results-own", args=[report.campaign.code]),
        exclude=user,
    )
    return report


# --- the level above ---------------------------------------------------------------------------


def reporting_units(campaign: Campaign, recipient: Unit) -> list[Unit]:
    """The units whose reports go to ``recipient``: the units of the level just below its own
    that honors, inside its subtree (every one, whether it has reported or not)."""
    level = campaign.level_played_by(recipient)
    if level is None:
        return []
    below = [
        lvl for lvl in campaign.levels.all() if lvl.position < level.position and lvl.can_honor
    ]
    below = [lvl for lvl in below if campaign.level_above(lvl) == level]
    units: list[Unit] = []
    for lvl in below:
        units += list(
            Unit.objects.filter(lvl.unit_filter(campaign.organiser))
            .filter(path__startswith=recipient.path)
            .exclude(pk=recipient.pk)
            .order_by("path")
        )
    return units


def overview(campaign: Campaign, recipient: Unit) -> dict:
    """What ``recipient`` has received: one row per reporting unit (its report if any, and the
    figures once sent), the consolidated table's columns and its total row. Three queries,
    whatever the number of units."""
    units = reporting_units(campaign, recipient)
    reports = {
        r.unit_id: r
        for r in ResultsReport.objects.within(recipient)
        .filter(campaign=campaign, unit__in=[u.pk for u in units])
        .select_related("sent_by")
    }
    rows: list[dict[str, Any]] = []
    for unit in units:
        report = reports.get(unit.pk)
        figures = report.figures if report is not None and report.sent_at is not None else None
        rows.append({"unit": unit, "report": report, "figures": figures})
    categories = [results.CategoryInfo(c.code, c.name) for c in campaign.categories.all()]
    cols = results.columns((row["figures"] for row in rows), categories)
    for row in rows:
        row["cells"] = [results.value(row["figures"], col) for col in cols]
    return {
        "rows": rows,
        "columns": cols,
        "headers": column_headers(cols, categories),
        "groups": header_groups(column_headers(cols, categories)),
        "totals": results.totals((row["figures"] for row in rows), cols),
        "sent": sum(1 for row in rows if row["figures"] is not None),
    }


def header_groups(headers: list[tuple[str, str]]) -> list[tuple[str, int]]:
    """The first header row: each group's label once, over as many columns as it holds."""
    groups: list[tuple[str, int]] = []
    for group, _title in headers:
        if groups and group and groups[-1][0] == group:
            groups[-1] = (group, groups[-1][1] + 1)
        else:
            groups.append((group, 1))
    return groups


def column_headers(cols, categories) -> list[tuple[str, str]]:
    """(group label, column label) for each column of the consolidated table."""
    names = {c.code: c.name for c in categories}
    totals = {
        "honored": _("Honored"),
        "individuals": _("Individuals"),
        "collectives": _("Collectives"),
        "received": _("Received"),
        "forwarded": _("Forwarded"),
    }
    headers = []
    for group, code in cols:
        if group == "total":
            headers.append(("", str(totals[code])))
        elif group == "by_category":
            headers.append((_("By category"), names.get(code, code)))
        elif group == "by_gender":
            headers.append((_("By gender"), gender_label(code)))
        elif group == "by_age":
            headers.append((_("By age"), str(age_label(code))))
        elif group == "by_unit_kind":
            headers.append((_("By kind of unit"), kind_label(code)))
        else:
            headers.append(("", _("Cap")))
    return headers
