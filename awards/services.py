"""The decisions' services: draft from the honored, edit the draft, issue it with a number,
annul it by a new decision. Each one checks (who, what state), locks, changes, writes the
nominations' history, then the notices.

A nomination is named by one live annex line at a time (a draft's or an issued decision's; the
database refuses a second), so the same person is never decided twice; an annulment sets the
lines of the decision it annuls to not live, and the nominations may then be decided again.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign, ReviewLevel
from committees.models import Unit, User
from nominations import workflow
from nominations.models import LevelDecision, Nomination, Outcome
from nominations.models import NominationState as S
from nominations.permissions import require
from notifications.models import NoticeKind
from notifications.services import UNIT_ROLES, notify

from . import wording as w
from .models import Decision, DecisionEntry, DecisionKind, NumberRegister
from .permissions import can_prepare_decisions
from .selectors import annex_order, awaiting_decision

#: the fields of a draft the clerk may change
DRAFT_FIELDS = (
    "subject",
    "bases",
    "articles",
    "recipients",
    "on_behalf",
    "signer_title",
    "signer_name",
    "place",
)
LIST_FIELDS = ("bases", "articles", "recipients")


def _fail(message, code: str, field: str | None = None):
    error = ValidationError(message, code=code)
    raise ValidationError({field: [error]}) if field else error


def _require_staff(user, unit: Unit) -> None:
    require(
        can_prepare_decisions(user, unit),
        _("Only the staff of the unit that honored prepare its decisions."),
    )


def _lock(decision: Decision) -> Decision:
    return (
        Decision.objects.select_for_update(of=("self",))
        .select_related("campaign", "level", "unit")
        .get(pk=decision.pk)
    )


def _refuse_issued(decision: Decision) -> None:
    if decision.is_issued:
        _fail(
            _("This decision is issued: it cannot be changed; annul it with a new one."),
            "decision_issued",
        )


# --- the wording --------------------------------------------------------------------------------


def _date(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def _who(people: int, collectives: int) -> str:
    parts = []
    if people:
        parts.append(f"{people} đồng chí")
    if collectives:
        parts.append(f"{collectives} tập thể")
    return " và ".join(parts)


def subject_of(campaign: Campaign) -> str:
    """ "về việc …": the campaign's own words, else a sentence from its title."""
    subject = w.nfc(campaign.awards.decision.subject).strip()
    return subject or f"về việc {w.commendation_of(campaign.title)}"


def article_one(campaign: Campaign, unit: Unit, level: ReviewLevel, people: int, collectives: int):
    """Điều 1: the honor, for how many, with the annex."""
    form = campaign.awards.form_at(level.position)
    what = subject_of(campaign)
    what = what[len("về việc ") :] if what.lower().startswith("về việc ") else what
    return (
        f"{form.verb.capitalize()} {form.name} của {w.standing_committee_of(unit)} cho "
        f"{_who(people, collectives)} (kèm theo danh sách) đã có thành tích tiêu biểu "
        f"trong đợt {w.lower_first(what)}."
    )


def executors_of(campaign: Campaign, unit: Unit) -> str:
    executors = w.nfc(campaign.awards.decision.executors).strip()
    return executors or (
        f"Văn phòng {w.nfc(unit.name)}, các cơ quan, đơn vị liên quan và các đồng chí, tập thể "
        "có tên tại Điều 1 căn cứ Quyết định thi hành."
    )


def minutes_bases(unit: Unit, level: ReviewLevel, nominations: Iterable[Nomination]) -> list[str]:
    """ "Căn cứ Biên bản kiểm phiếu biểu quyết ngày … của Ban Thường vụ …", one per session
    whose vote honored these nominations (one query)."""
    held = (
        LevelDecision.objects.filter(
            nomination__in=[n.pk for n in nominations],
            level=level,
            unit=unit,
            outcome=Outcome.HONOR,
            vote_session__isnull=False,
        )
        .values_list("vote_session__held_at", flat=True)
        .distinct()
    )
    days = sorted({timezone.localdate(moment) for moment in held})
    return [
        f"Căn cứ Biên bản kiểm phiếu biểu quyết ngày {_date(day)} của "
        f"{w.standing_committee_of(unit)}"
        for day in days
    ]


def bases_of(campaign: Campaign, unit: Unit, level: ReviewLevel, nominations) -> list[str]:
    bases = []
    for line in (campaign.legal_basis or "").splitlines():
        clause = w.basis_clause(line)
        if clause:
            bases.append(clause if clause.startswith("Căn cứ") else f"Căn cứ {clause}")
    bases += [w.basis_clause(b) for b in campaign.awards.decision.bases if w.basis_clause(b)]
    bases += minutes_bases(unit, level, nominations)
    return bases


def _parents(units: Iterable[Unit]) -> dict[str, Unit]:
    """The parent of each unit by its path, in one query."""
    paths = {u.path[: -Unit.steplen] for u in units if len(u.path) > Unit.steplen}
    return {u.path: u for u in Unit.objects.filter(path__in=paths)}


def _own_unit(nomination: Nomination) -> Unit:
    """The person's unit, or the collective itself (a nomination names exactly one)."""
    unit = nomination.person.unit if nomination.person is not None else nomination.collective
    assert unit is not None  # the constraint nominee_is_person_or_collective
    return unit


def entry_values(nominations: list[Nomination], campaign: Campaign, level: ReviewLevel):
    """The annex lines' copies of names: "Nguyễn Văn A", "Bí thư chi bộ", "Chi bộ khu vực 1,
    Đảng ủy phường An Hòa"; a collective by its name, under its parent."""
    form = campaign.awards.form_at(level.position)
    own_units = [_own_unit(n) for n in nominations]
    parents = _parents(own_units)
    rows = []
    for order, (nomination, own) in enumerate(zip(nominations, own_units, strict=True), start=1):
        parent = parents.get(own.path[: -Unit.steplen])
        if nomination.person is not None:
            names = [own.name, parent.name] if parent is not None else [own.name]
            position = w.nfc(nomination.person.position).strip()
            unit_name = ", ".join(w.nfc(n) for n in names)
        else:
            position = ""
            unit_name = w.nfc(parent.name) if parent is not None else ""
        rows.append(
            {
                "nomination": nomination,
                "order": order,
                "form_code": form.code,
                "nominee_name": w.nfc(nomination.nominee_name),
                "position": position,
                "unit_name": unit_name,
                "achievement": (
                    "Đã có thành tích tiêu biểu, được bình chọn là "
                    f"{w.lower_first(nomination.category.name)}"
                ),
            }
        )
    return rows


def _lock_nominations(pks: Iterable[int]) -> list[Nomination]:
    # Always in the order of their ids: two clerks locking overlapping sets never deadlock.
    return list(
        Nomination.objects.unscoped("a decision's own nominations, locked by id")
        .select_for_update(of=("self",))
        .filter(pk__in=list(pks))
        .order_by("pk")
    )


# --- drafting -----------------------------------------------------------------------------------


@transaction.atomic
def draft_decision(user, campaign: Campaign, unit: Unit, level: ReviewLevel) -> Decision:
    """A draft decision naming every nomination ``unit`` honored at ``level`` that no live
    decision names yet, worded from the campaign's rules and the vote's minutes."""
    _require_staff(user, unit)
    if level.campaign_id != campaign.pk or not level.can_honor:
        _fail(_("This level does not honor in this campaign."), "level_does_not_honor")
    # The nominations are locked before they are read as awaiting: a second clerk drafting at
    # the same moment waits here, then finds them taken.
    waiting_ids = list(awaiting_decision(campaign, unit, level).values_list("pk", flat=True))
    _lock_nominations(waiting_ids)
    nominations = list(
        awaiting_decision(campaign, unit, level).select_related(
            "person__unit", "collective", "category"
        )
    )
    if not nominations:
        _fail(_("No nomination honored at this level awaits a decision."), "nothing_to_decide")
    rules = campaign.awards
    form = rules.form_at(level.position)
    award = rules.for_level(level.position)
    people = sum(1 for n in nominations if n.person_id)
    articles = [article_one(campaign, unit, level, people, len(nominations) - people)]
    if form.reward.strip():
        articles.append(w.nfc(form.reward).strip())
    articles.append(executors_of(campaign, unit))
    decision = Decision.objects.create(
        campaign=campaign,
        level=level,
        unit=unit,
        kind=DecisionKind.HONOR,
        body=award.body if award is not None else "standing_committee",
        form_code=form.code,
        subject=subject_of(campaign)[:500],
        bases=bases_of(campaign, unit, level, nominations),
        articles=articles,
        recipients=[w.nfc(r) for r in rules.decision.recipients],
        on_behalf=w.default_on_behalf(unit),
        signer_title=rules.decision.signer_title or w.default_signer_title(unit),
        place=w.place_of(unit, Unit.objects.get_ancestors(unit)),
        type_code=rules.decision.type_code,
        created_by=user,
    )
    DecisionEntry.objects.bulk_create(
        DecisionEntry(decision=decision, **values)
        for values in entry_values(nominations, campaign, level)
    )
    return decision


def _text_list(value, field: str) -> list[str]:
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        _fail(_("Give one line of text for each item."), "invalid", field)
    return [w.nfc(v).strip() for v in value if w.nfc(v).strip()]


@transaction.atomic
def update_draft(user, decision: Decision, data: dict) -> Decision:
    """Change a draft's wording (``DRAFT_FIELDS``) and take lines out of its annex
    (``remove_entries``: their ids). Issued decisions are refused."""
    decision = _lock(decision)
    _require_staff(user, decision.unit)
    _refuse_issued(decision)
    for field in DRAFT_FIELDS:
        if field not in data:
            continue
        value = data[field]
        value = _text_list(value, field) if field in LIST_FIELDS else w.nfc(value).strip()
        setattr(decision, field, value)
    if not decision.subject:
        _fail(_("Write what the decision is about."), "required", "subject")
    if not decision.articles:
        _fail(_("A decision has at least one article."), "required", "articles")
    if not decision.signer_title:
        _fail(_("Write the signer's title."), "required", "signer_title")
    removed = {int(pk) for pk in data.get("remove_entries") or () if str(pk).isdigit()}
    if removed:
        entries = list(decision.entries.order_by("order"))
        before = _counts(entries)
        kept = [e for e in entries if e.pk not in removed]
        if not kept:
            _fail(
                _("A decision names at least one nomination; delete the draft instead."),
                "empty_decision",
                "remove_entries",
            )
        DecisionEntry.objects.filter(decision=decision, pk__in=removed).delete()
        # Renumbered in order: each line only moves down, so no two share a number meanwhile.
        for order, entry in enumerate(kept, start=1):
            if entry.order != order:
                entry.order = order
                entry.save(update_fields=["order"])
        # Điều 1 counts the annex: it follows, unless the clerk rewrote it.
        old_one = article_one(decision.campaign, decision.unit, decision.level, *before)
        if decision.articles and decision.articles[0] == old_one:
            decision.articles[0] = article_one(
                decision.campaign, decision.unit, decision.level, *_counts(kept)
            )
    decision.save()
    return decision


def _counts(entries: Iterable[DecisionEntry]) -> tuple[int, int]:
    entries = list(entries)
    people = (
        Nomination.objects.unscoped("a draft's own nominations, counted")
        .filter(pk__in=[e.nomination_id for e in entries], person__isnull=False)
        .count()
    )
    return people, len(entries) - people


@transaction.atomic
def delete_draft(user, decision: Decision) -> None:
    decision = _lock(decision)
    _require_staff(user, decision.unit)
    _refuse_issued(decision)
    decision.delete()


# --- numbering and issuing -------------------------------------------------------------------


def _number(unit: Unit, type_code: str, year: int, typed: int | None) -> int:
    """The number of a decision being issued: typed by the clerk, or the register's next one.

    The register's row is locked (created under the lock if the year has none), so two clerks
    issuing at once wait for each other and never get the same number."""
    register, _created = NumberRegister.objects.select_for_update().get_or_create(
        unit=unit, type_code=type_code, year=year
    )
    taken = Decision.objects.within(unit).filter(unit=unit, type_code=type_code, year=year)
    if typed is not None:
        if typed < 1:
            _fail(_("A decision's number is a whole number from 1."), "invalid_number", "number")
        if taken.filter(number=typed).exists():
            _fail(
                _("Number %(n)s is already given to a decision of this unit in %(year)s.")
                % {"n": typed, "year": year},
                "number_used",
                "number",
            )
        number = typed
    else:
        # Numbers typed above the register moved it: the next one is above every number given,
        # even one written before the register existed.
        highest = taken.aggregate(m=Max("number"))["m"] or 0
        number = max(register.last_number, highest) + 1
    if number > register.last_number:
        register.last_number = number
        register.save(update_fields=["last_number"])
    return number


def _honor_day(decision: Decision, nomination_ids: list[int]) -> datetime.date | None:
    """The day of the latest honor among these nominations at the decision's level."""
    last = LevelDecision.objects.filter(
        nomination__in=nomination_ids, level=decision.level, outcome=Outcome.HONOR
    ).aggregate(m=Max("decided_at"))["m"]
    return timezone.localdate(last) if last else None


def _reason(decision: Decision) -> str:
    return f"{decision.reference} của {w.standing_committee_of(decision.unit)}"


def _notify_filing_units(user, decision: Decision, nominations: list[Nomination], title: str):
    """Each filing unit (its cell secretary and staff, and whoever filed) is told once, with the
    names of its own nominations."""
    by_unit: dict[int, list[Nomination]] = defaultdict(list)
    for nomination in nominations:
        by_unit[nomination.filing_unit_id].append(nomination)
    for unit_id, own in by_unit.items():
        filers = {n.filed_by_id for n in own}
        accounts = User.objects.filter(
            Q(unit_id=unit_id, role__in=UNIT_ROLES) | Q(pk__in=filers), is_active=True
        ).order_by("pk")
        body = "\n".join(f"- {n.nominee_name}" for n in own)
        notify(accounts, NoticeKind.NOMINATION_DECIDED, title, body, exclude=user)


def _check_date(issued_on, field="issued_on") -> datetime.date:
    if not isinstance(issued_on, datetime.date):
        _fail(_("Enter the date written on the decision."), "required", field)
    return issued_on


@transaction.atomic
def issue_decision(
    user, decision: Decision, *, number: int | None = None, issued_on: datetime.date
) -> Decision:
    """Give the draft its number and date: from then on it is a document of record. Every
    line is checked again (still honored at this level, in no other live decision)."""
    decision = _lock(decision)
    _require_staff(user, decision.unit)
    if decision.is_issued:
        _fail(_("This decision is already issued."), "already_issued")
    if decision.kind != DecisionKind.HONOR:
        _fail(_("Only a commendation is issued from a draft."), "invalid")
    issued_on = _check_date(issued_on)
    entries = list(decision.entries.order_by("order"))
    if not entries:
        _fail(_("A decision names at least one nomination."), "empty_decision")
    nominations = _lock_nominations(e.nomination_id for e in entries)
    wrong = [
        n
        for n in nominations
        if n.state != S.HONORED
        or n.honored_level_id != decision.level_id
        or n.reviewing_unit_id != decision.unit_id
    ]
    if wrong:
        _fail(
            _("Not honored at this level any more: %(names)s. Take them out of the draft.")
            % {
                "names": ", ".join(
                    e.nominee_name for e in entries if e.nomination_id in {n.pk for n in wrong}
                )
            },
            "not_honored",
        )
    elsewhere = DecisionEntry.objects.filter(
        nomination__in=[n.pk for n in nominations], live=True
    ).exclude(decision=decision)
    if elsewhere.exists():
        _fail(_("A nomination of this draft is already in another decision."), "already_decided")
    honored_on = _honor_day(decision, [n.pk for n in nominations])
    if honored_on and issued_on < honored_on:
        _fail(
            _("The decision cannot be dated before the honor (%(day)s).")
            % {"day": _date(honored_on)},
            "before_honor",
            "issued_on",
        )
    decision.number = _number(decision.unit, decision.type_code, issued_on.year, number)
    decision.year = issued_on.year
    decision.issued_on = issued_on
    decision.issued_at = timezone.now()
    decision.issued_by = user
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError:  # pragma: no cover - the register's lock makes this unreachable
        _fail(_("This number was just given to another decision."), "number_used", "number")
    reason = _reason(decision)
    for nomination in nominations:
        workflow.record(nomination, nomination.state, user, reason=reason, notify=False)
    _notify_filing_units(
        user,
        decision,
        nominations,
        _("%(reference)s honors nominations of your unit") % {"reference": decision.reference},
    )
    return decision


@transaction.atomic
def annul_decision(
    user,
    decision: Decision,
    *,
    reason: str,
    number: int | None = None,
    issued_on: datetime.date,
) -> Decision:
    """Annul an issued decision by a new one, issued at once, which names it. The original row
    is never changed; its lines stop being live, so its nominations may be decided again."""
    original = _lock(decision)
    _require_staff(user, original.unit)
    if not original.is_issued:
        _fail(_("A draft is deleted, not annulled."), "not_issued")
    if original.kind != DecisionKind.HONOR:
        _fail(_("An annulment cannot itself be annulled."), "invalid")
    if Decision.objects.within(original.unit).filter(annuls=original).exists():
        _fail(_("This decision is already annulled."), "already_annulled")
    reason = w.nfc(reason).strip()
    if not reason:
        _fail(_("Write why the decision is annulled."), "required", "reason")
    issued_on = _check_date(issued_on)
    assert original.issued_on is not None  # issued: it has its date (a check constraint)
    if issued_on < original.issued_on:
        _fail(
            _("The annulment cannot be dated before the decision it annuls (%(day)s).")
            % {"day": _date(original.issued_on)},
            "before_decision",
            "issued_on",
        )
    entries = list(original.entries.filter(live=True))
    nominations = _lock_nominations(e.nomination_id for e in entries)
    unit = original.unit
    cited = f"{original.reference} của {w.standing_committee_of(unit)} {original.subject}"
    annulment = Decision(
        campaign=original.campaign,
        level=original.level,
        unit=unit,
        kind=DecisionKind.ANNUL,
        annuls=original,
        body=original.body,
        form_code=original.form_code,
        subject=f"về việc hủy bỏ {original.reference}"[:500],
        bases=[f"Căn cứ {cited}"[:1000]],
        articles=[
            f"Hủy bỏ {cited}. Lý do: {reason}.",
            executors_of(original.campaign, unit),
        ],
        recipients=list(original.recipients),
        on_behalf=original.on_behalf,
        signer_title=original.signer_title,
        signer_name=original.signer_name,
        place=original.place,
        type_code=original.type_code,
        created_by=user,
    )
    annulment.number = _number(unit, annulment.type_code, issued_on.year, number)
    annulment.year = issued_on.year
    annulment.issued_on = issued_on
    annulment.issued_at = timezone.now()
    annulment.issued_by = user
    annulment.save()
    DecisionEntry.objects.filter(decision=original, live=True).update(live=False)
    history = _("%(original)s annulled by %(annulment)s: %(reason)s") % {
        "original": original.reference,
        "annulment": _reason(annulment),
        "reason": reason,
    }
    for nomination in nominations:
        workflow.record(nomination, nomination.state, user, reason=history, notify=False)
    _notify_filing_units(
        user,
        annulment,
        nominations,
        _("%(reference)s was annulled") % {"reference": original.reference},
    )
    return annulment


def annex(decision: Decision):
    """The decision's lines in the annex's order."""
    return decision.entries.order_by("order")


__all__ = [
    "annex",
    "annex_order",
    "annul_decision",
    "delete_draft",
    "draft_decision",
    "issue_decision",
    "update_draft",
]
