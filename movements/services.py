"""Operations of the four-good movement. Each one, in one transaction: checks who may act,
locks what it changes, checks the rules, writes the state and its history.

The level above judges T1–T3 (its staff or administrators, inside their subtree, never their
own unit); a unit registers itself (Mẫu 1), or the level above records a registration received
on paper (who may act: ``permissions``). The registration moment is the server's: the
dashboards compare it with the deadline.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import NoReturn

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Milestone, MilestoneKind, MilestoneLevel, Movement
from committees.models import Unit, UnitStatus
from committees.permissions import is_active_user
from movements.models import Judgement, JudgementChange, MovementRegistration
from nominations.permissions import require

from .evaluation import EVALUATED_KINDS
from .permissions import can_judge, can_register


def _fail(message: str, field: str | None = None) -> NoReturn:
    raise ValidationError({field: [message]} if field else message)


def _check_evaluated(movement: Movement, unit: Unit) -> None:
    # The views look the unit up inside the movement; the import and other callers may not.
    if not movement.campaign.organiser.contains(unit):
        _fail(_("%(unit)s is not part of this movement.") % {"unit": unit.name})
    if unit.kind not in EVALUATED_KINDS:
        _fail(_("Only party cells and grassroots party committees take part in the movement."))
    if unit.status != UnitStatus.ACTIVE:
        _fail(_("The unit %(unit)s is merged or closed.") % {"unit": unit.name})


# --- deadlines -------------------------------------------------------------------------------


def on_time(moment: datetime.datetime | None, deadline: datetime.datetime | None) -> bool:
    """Before the deadline, which is the first moment that is late."""
    return moment is not None and (deadline is None or moment < deadline)


def registered_late(
    moment: datetime.datetime | None, deadline: datetime.datetime | None, now: datetime.datetime
) -> bool:
    """Highlighted on the dashboards: registered at or after the deadline, or not registered
    once the deadline has passed. Without a deadline nobody is late."""
    if deadline is None:
        return False
    if moment is None:
        return now >= deadline
    return moment >= deadline


def registration_deadlines(movement: Movement) -> dict[str, datetime.datetime]:
    """``{level: deadline}`` of the registration milestones (one query, or none if prefetched)."""
    return {
        m.level: m.due_at for m in movement.milestones.all() if m.kind == MilestoneKind.REGISTRATION
    }


class ReportStatus:
    """A unit's answer to a report milestone, as the dashboards show it."""

    ON_TIME = "on_time"
    LATE = "late"  # submitted at or after the deadline (e.g. entered later by the level above)
    MISSING = "missing"  # nothing submitted, and the deadline has passed


def report_status(
    submitted_at: datetime.datetime | None, due_at: datetime.datetime, now: datetime.datetime
) -> str | None:
    """None while a unit that has not submitted still has time."""
    if submitted_at is not None:
        return ReportStatus.LATE if submitted_at >= due_at else ReportStatus.ON_TIME
    return ReportStatus.MISSING if now >= due_at else None


def report_milestones(movement: Movement) -> list[Milestone]:
    """The milestones answered by a report (sơ kết, tổng kết), by deadline. Reads the prefetched
    milestones; their report requests must come along (``select_related("report")``)."""
    return sorted(
        (m for m in movement.milestones.all() if m.report_id), key=lambda m: (m.due_at, m.level)
    )


def report_submissions(
    milestones: list[Milestone], root: Unit | None
) -> dict[tuple[int, int], datetime.datetime]:
    """``{(report request id, unit id): submitted at}`` of the submitted reports of the
    milestones inside ``root``'s subtree: one query whatever the number of units."""
    from reports.models import ReportState, UnitReport

    request_ids = {m.report_id for m in milestones}
    if not request_ids:
        return {}
    reports = UnitReport.objects.unscoped(
        "four-good evaluation: the root's subtree, or the whole tree"
    ).filter(request_id__in=request_ids, state=ReportState.SUBMITTED)
    if root is not None:
        reports = reports.within(root)
    return {
        (request_id, unit_id): at
        for request_id, unit_id, at in reports.values_list("request_id", "unit_id", "submitted_at")
        if at is not None  # a submitted report has its moment; the type allows a draft's None
    }


def unit_report_statuses(
    milestones: list[Milestone],
    unit_kind: str,
    unit_id: int,
    submissions: dict,
    now: datetime.datetime,
) -> list[tuple]:
    """``[(milestone, status)]`` for the report milestones the unit owes (its kind is one the
    request lists) and whose status is worth showing; no query."""
    out = []
    for milestone in milestones:
        report = milestone.report
        if report is None or unit_kind not in (report.unit_kinds or []):
            continue
        status = report_status(
            submissions.get((milestone.report_id, unit_id)), milestone.due_at, now
        )
        if status is not None:
            out.append((milestone, status))
    return out


def registration_deadline(movement: Movement, unit_kind: str) -> datetime.datetime | None:
    return registration_deadlines(movement).get(MilestoneLevel.of(unit_kind))


# --- registration ----------------------------------------------------------------------------


@transaction.atomic
def register(
    user, movement: Movement, unit: Unit, content: str = "", *, now: datetime.datetime | None = None
) -> MovementRegistration:
    """Record the unit's registration at this moment; a second one is refused."""
    now = now or timezone.now()
    require(can_register(user, unit), _("You cannot register this unit."))
    _check_evaluated(movement, unit)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    existing = MovementRegistration.objects.filter(movement=movement, unit=unit).first()
    if existing is not None:
        _fail(
            _("%(unit)s registered on %(day)s.")
            % {
                "unit": unit.name,
                "day": timezone.localtime(existing.registered_at).strftime("%d/%m/%Y %H:%M"),
            }
        )
    return MovementRegistration.objects.create(
        movement=movement, unit=unit, registered_at=now, registered_by=user, content=content.strip()
    )


# --- judgements ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """T1–T3 as judged (None: not judged), the press flag and the notes."""

    political_task: bool | None
    meeting_quality: bool | None
    unity_discipline: bool | None
    press_exposed_violation: bool = False
    notes: str | None = None  # None: keep the notes recorded

    FIELDS = ("political_task", "meeting_quality", "unity_discipline", "press_exposed_violation")

    def differs_from(self, judgement: Judgement) -> bool:
        same = all(getattr(self, f) == getattr(judgement, f) for f in self.FIELDS)
        return not same or (self.notes is not None and self.notes != judgement.notes)


def check_year(movement: Movement, year: int) -> str | None:
    if year not in movement.years:
        return _("The movement evaluates the years %(first)s to %(last)s.") % {
            "first": movement.first_year,
            "last": movement.last_year,
        }
    return None


def _history(judgement: Judgement, user, now, source: str) -> JudgementChange:
    return JudgementChange(
        judgement=judgement,
        political_task=judgement.political_task,
        meeting_quality=judgement.meeting_quality,
        unity_discipline=judgement.unity_discipline,
        press_exposed_violation=judgement.press_exposed_violation,
        notes=judgement.notes,
        changed_by=user,
        changed_at=now,
        source=source,
    )


@transaction.atomic
def judge(
    user,
    movement: Movement,
    unit: Unit,
    year: int,
    verdict: Verdict,
    *,
    now: datetime.datetime | None = None,
) -> Judgement:
    """Write T1–T3 for one unit and year; an unchanged verdict writes nothing."""
    now = now or timezone.now()
    require(can_judge(user, unit), _("Only the staff of a level above the unit judge it."))
    _check_evaluated(movement, unit)
    error = check_year(movement, year)
    if error:
        _fail(error, "year")
    # The unit's row serialises two judges writing the first judgement of a unit at once.
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    judgement = (
        Judgement.objects.select_for_update()
        .filter(movement=movement, unit=unit, year=year)
        .first()
    )
    if judgement is not None and not verdict.differs_from(judgement):
        return judgement
    judgement = judgement or Judgement(movement=movement, unit=unit, year=year)
    for name in Verdict.FIELDS:
        setattr(judgement, name, getattr(verdict, name))
    if verdict.notes is not None:
        judgement.notes = verdict.notes.strip()
    judgement.judged_by = user if is_active_user(user) else None
    judgement.judged_at = now
    judgement.save()
    _history(judgement, judgement.judged_by, now, "form").save()
    return judgement


def milestones_of(movement: Movement) -> list[Milestone]:
    """By deadline (a report milestone's is its request's); reads the prefetched milestones."""
    return sorted(movement.milestones.all(), key=lambda m: (m.due_at, m.level))


# --- rewards ---------------------------------------------------------------------------------


@transaction.atomic
def file_reward_nomination(user, movement: Movement, unit: Unit, year: int):
    """A draft collective nomination for a unit bốn tốt two years in a row up to ``year``,
    through ``nominations.services.save_draft`` (which checks who may file and duplicates); the
    unit then adds its dossier and submits it through the usual workflow."""
    from campaigns.models import NomineeKind
    from nominations.services import Draft, save_draft

    from .evaluation import candidates, evaluate_year

    error = check_year(movement, year)
    if error:
        _fail(error)
    results = evaluate_year(year, unit, movement)
    result = results[0] if results else None
    if result is None or result.unit.id != unit.pk or not candidates([result]):
        _fail(
            _(
                "%(unit)s has not reached the standard two years in a row up to %(year)s, or "
                "has not registered in the movement."
            )
            % {"unit": unit.name, "year": year}
        )
    campaign = movement.campaign
    category = (
        campaign.categories.filter(nominee_kind=NomineeKind.COLLECTIVE)
        .order_by("order", "pk")
        .first()
    )
    if category is None:
        _fail(_("This campaign has no category for collectives."))
    years = ", ".join(str(y) for y in range(year - result.streak + 1, year + 1))
    summary = _("%(unit)s reached the four-good standard %(count)s years in a row (%(years)s).") % {
        "unit": unit.name,
        "count": result.streak,
        "years": years,
    }
    return save_draft(
        user, campaign, unit, Draft(category=category, achievement_summary=summary, collective=unit)
    )
