"""The data of each document, read from the models: nothing in a document is typed twice.

Each builder returns a plain dict that both the HTML template (→ PDF, → DOCX) and the spreadsheet
writer read. What the user types before downloading (number, date, place, signer) arrives as
``Details``; everything else comes from the campaign, the units, the nominations and the votes.
Every builder runs a fixed number of queries, however many rows the document has.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign, CapBase, DocumentRequirement, ReviewLevel
from committees.models import Person, Unit, UnitKind
from movements.models import MovementRegistration
from nominations import selectors
from nominations.models import (
    LevelDecision,
    Nomination,
    NominationState,
    Outcome,
    SessionState,
    Tally,
    ThresholdBase,
    VoteSession,
)
from nominations.selectors import level_or_403 as level_of_unit

from . import forms_registry
from . import party_format as pf


@dataclass
class Details:
    """What the user enters on the small form before downloading (all prefilled)."""

    day: datetime.date
    number: str = ""
    place: str = ""
    signer_name: str = ""
    signer_title: str = ""
    on_behalf: str = ""
    venue: str = ""  # minutes: where the meeting was held
    chair: str = ""  # minutes
    secretary: str = ""  # minutes
    year: int | None = None  # registration form

    @classmethod
    def from_form(cls, data: dict) -> Details:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known and v is not None})


def today() -> datetime.date:
    return timezone.localdate()


def ancestors_of(unit: Unit) -> list[Unit]:
    """The units above ``unit``, from the top down (one query)."""
    return list(Unit.objects.get_ancestors(unit))


def parent_of(ancestors: list[Unit]) -> Unit | None:
    return ancestors[-1] if ancestors else None


def unit_defaults(unit: Unit, ancestors: list[Unit]) -> dict:
    """The form's prefilled values for a document issued by ``unit``."""
    return {
        "day": today(),
        "number": "",
        "place": pf.place_of(unit, ancestors),
        "signer_name": "",
        "signer_title": pf.default_signer_title(unit),
        "on_behalf": pf.default_on_behalf(unit),
    }


def first_line(text: str) -> str:
    return next((line.strip() for line in pf.nfc(text).splitlines() if line.strip()), "")


# --- rows of the lists ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ListRow:
    """One nominee as every list shows it (tờ trình, danh sách trích ngang, biên bản)."""

    number: int
    name: str
    position: str
    unit: str
    summary: str
    phone: str
    category: str
    is_collective: bool


def list_row(number: int, nomination: Nomination) -> ListRow:
    person = nomination.person
    return ListRow(
        number=number,
        name=pf.nfc(nomination.nominee_name),
        position=pf.nfc(person.position) if person else "",
        unit=pf.nfc(person.unit.name if person else nomination.filing_unit.name),
        summary=pf.nfc(nomination.achievement_summary).strip(),
        phone=pf.nfc(person.phone) if person else "",
        category=pf.nfc(nomination.category.name),
        is_collective=person is None,
    )


def nominee_select(queryset):
    return queryset.select_related("person__unit", "collective", "filing_unit", "category")


# --- the level documents: what a unit forwards ---------------------------------------------------


def sends_up(level: ReviewLevel) -> bool:
    """Whether a level sends a dossier up, and so writes a tờ trình: every level that forwards,
    the top one included when its superior gave it an allocation (seed 004: the district sends
    the city 1 collective and 2 individuals; a campaign's top level may forward only then)."""
    return level.can_forward


def receiving_unit(campaign: Campaign, level: ReviewLevel, ancestors: list[Unit]) -> Unit | None:
    """The unit of the next level up that ``unit`` (below ``ancestors``) sends to: above the
    top level, the organiser's own superior."""
    above = campaign.level_above(level)
    if above is None:
        return parent_of(ancestors) if level.can_forward else None
    return next((a for a in reversed(ancestors) if above.matches(a, campaign.organiser)), None)


def _nominees(campaign: Campaign, unit: Unit, user, outcome: str, *, waiting: bool):
    decided_here = LevelDecision.objects.filter(
        nomination=OuterRef("pk"), unit=unit, outcome=outcome
    )
    decisions = LevelDecision.objects.filter(unit=unit, outcome=outcome).select_related(
        "vote_session"
    )
    condition = Exists(decided_here)
    if waiting:
        condition |= Q(state=NominationState.FORWARDED, reviewing_unit=unit)
    return list(
        nominee_select(Nomination.objects.visible_to(user).filter(campaign=campaign))
        .filter(condition)
        .prefetch_related(Prefetch("decisions", queryset=decisions, to_attr="decided_here"))
        .order_by("filing_unit__path", "person__full_name", "collective__name", "id")
    )


def forwarded_by(campaign: Campaign, unit: Unit, user) -> list[Nomination]:
    """The nominations ``unit`` forwards: voted to be forwarded and waiting there to be sent, or
    already sent up (a forwarding decision of that unit). Two queries."""
    return _nominees(campaign, unit, user, Outcome.FORWARD, waiting=True)


def honored_by(campaign: Campaign, unit: Unit, user) -> list[Nomination]:
    """The nominations ``unit`` honored at its level (for the top level, which forwards none)."""
    return _nominees(campaign, unit, user, Outcome.HONOR, waiting=False)


def level_nominees(campaign: Campaign, unit: Unit, level: ReviewLevel, user):
    """What a level's list shows: what it forwards, or at the top level what it honored.
    Returns the nominations and whether they are forwarded."""
    if campaign.level_above(level) is None:
        # A top level with an allocation from its superior (seed 004: the district's 1
        # collective and 2 individuals for the city) sends up what it forwarded.
        forwarded = forwarded_by(campaign, unit, user) if level.can_forward else []
        if forwarded:
            return forwarded, True
        return honored_by(campaign, unit, user), False
    return forwarded_by(campaign, unit, user), True


def unit_letterhead(
    unit: Unit, ancestors: list[Unit], details: Details, type_code: str | None, recipients=()
) -> pf.Letterhead:
    return pf.letterhead(
        unit,
        parent_of(ancestors),
        number=details.number,
        type_code=type_code,
        place=details.place,
        day=details.day,
        on_behalf=details.on_behalf,
        signer_title=details.signer_title,
        signer_name=details.signer_name,
        recipients=recipients,
    )


def archive_line(unit: Unit) -> str:
    return "- Lưu Chi bộ." if unit.kind in UnitKind.cell_kinds() else "- Lưu Văn phòng."


def nominee_count_words(rows: list[ListRow]) -> str:
    """ "03 cá nhân và 01 tập thể" (counts zero-padded as the documents write them)."""
    individuals = sum(1 for r in rows if not r.is_collective)
    collectives = len(rows) - individuals
    parts = []
    if individuals or not collectives:
        parts.append(f"{individuals:02d} cá nhân")
    if collectives:
        parts.append(f"{collectives:02d} tập thể")
    return " và ".join(parts)


def proposal(campaign: Campaign, unit: Unit, user, details: Details) -> dict:
    """Tờ trình: the unit proposes what it forwards to the level above, with the cap."""
    ancestors = ancestors_of(unit)
    level = level_of_unit(campaign, unit)
    if not sends_up(level):
        raise PermissionDenied(_("The top level sends nothing up: it has no proposal memo."))
    receiver = receiving_unit(campaign, level, ancestors)
    nominations = forwarded_by(campaign, unit, user)
    rows = [list_row(i, n) for i, n in enumerate(nominations, start=1)]
    sessions = sorted(
        {
            d.vote_session.held_at
            for n in nominations
            for d in n.decided_here
            if d.vote_session is not None
        }
    )
    cap = selectors.cap_status(level, unit)
    cap_text = honored_here = ""
    if cap is not None:
        of_received = level.cap_base == CapBase.RECEIVED_HERE
        cap_text = pf.cap_in_words(cap, of_received=of_received, rounding=level.cap_rounding)
        honored_here = "" if of_received else cap.base
    proposer = pf.standing_committee_of(unit)
    addressee = pf.standing_committee_of(receiver) if receiver else ""
    recipients = [f"- {addressee}," if addressee else "- Như trên,", archive_line(unit)]
    return {
        "document": "to_trinh",
        "campaign": campaign,
        "unit": unit,
        "letterhead": unit_letterhead(unit, ancestors, details, "to_trinh", recipients),
        "subject": f"về việc đề nghị {pf.commendation_of(campaign.title)}",
        "basis": pf.basis_clause(first_line(campaign.legal_basis) or campaign.title),
        "votes": bool(level.voting_body),
        "campaign_title": pf.nfc(campaign.title),
        "proposer": proposer,
        "addressee": addressee,
        "session_days": [pf.date_in_words(timezone.localtime(s).date()) for s in sessions],
        "honored_here": honored_here,
        "cap_text": cap_text,
        "rows": rows,
        "count_words": nominee_count_words(rows),
    }


def nominee_list(campaign: Campaign, unit: Unit, user, details: Details) -> dict:
    """Danh sách trích ngang: name, title, unit, achievement summary, phone."""
    ancestors = ancestors_of(unit)
    level = level_of_unit(campaign, unit)
    nominations, forwarded = level_nominees(campaign, unit, level, user)
    rows = [list_row(i, n) for i, n in enumerate(nominations, start=1)]
    verb = "đề nghị" if forwarded else "được"
    return {
        "document": "danh_sach",
        "campaign": campaign,
        "unit": unit,
        "letterhead": unit_letterhead(unit, ancestors, details, "danh_sach"),
        "subject": f"các tập thể, cá nhân {verb} {pf.commendation_of(campaign.title)}",
        "forwarded": forwarded,
        "campaign_title": pf.nfc(campaign.title),
        "proposer": pf.standing_committee_of(unit),
        "rows": rows,
        "count_words": nominee_count_words(rows),
    }


def nomination_list(nomination: Nomination, details: Details) -> dict:
    """Danh sách trích ngang of one nominee, issued by the filing unit that proposes it: the
    generated copy a nomination's dossier carries (seed 004 asks each one for it). The same
    document as the level's list, with this one row."""
    unit = nomination.filing_unit
    ancestors = ancestors_of(unit)
    rows = [list_row(1, nomination)]
    return {
        "document": "danh_sach",
        "campaign": nomination.campaign,
        "unit": unit,
        "letterhead": unit_letterhead(unit, ancestors, details, "danh_sach"),
        "subject": f"các tập thể, cá nhân đề nghị {pf.commendation_of(nomination.campaign.title)}",
        "forwarded": False,
        "campaign_title": pf.nfc(nomination.campaign.title),
        "proposer": pf.standing_committee_of(unit),
        "rows": rows,
        "count_words": nominee_count_words(rows),
    }


# --- the minutes of a vote session ---------------------------------------------------------------


@dataclass(frozen=True)
class MinutesRow:
    number: int
    name: str
    unit: str
    proposed: str
    votes_for: int
    votes_against: int
    votes_abstain: int
    outcome: str


def threshold_words(session: VoteSession) -> str:
    """ "quá 1/2 (một phần hai) tổng số ủy viên đương nhiệm tán thành (ít nhất 6/11 phiếu)". The
    number needed comes from the service's own rule, as on the session page."""
    of_sitting = session.threshold_base == ThresholdBase.SITTING
    base = selectors.threshold_base(session)
    whom = "tổng số ủy viên đương nhiệm" if of_sitting else "số ủy viên tham gia biểu quyết"
    how = "quá" if session.threshold_strictly_more else "từ"
    fraction = pf.fraction_in_words(session.threshold_numerator, session.threshold_denominator)
    needed = selectors.votes_needed(session)
    rule = f"{how} {fraction} {whom} tán thành"
    if needed is None:
        return rule
    return f"{rule} (ít nhất {needed}/{base} phiếu tán thành)"


def minutes(session: VoteSession, user, details: Details) -> dict:
    """Biên bản: when and where, who took part, the rule, each nominee's tally and outcome."""
    unit = session.unit
    ancestors = ancestors_of(unit)
    visible = Nomination.objects.visible_to(user).values("pk")
    decisions = LevelDecision.objects.filter(vote_session=session)
    tallies = list(
        Tally.objects.filter(session=session, nomination__in=visible)
        .select_related(
            "nomination__person__unit",
            "nomination__collective",
            "nomination__filing_unit",
            "nomination__category",
        )
        .prefetch_related(
            Prefetch("nomination__decisions", queryset=decisions, to_attr="session_decisions")
        )
        .order_by("nomination__filing_unit__path", "nomination__id")
    )
    is_closed = session.state == SessionState.CLOSED
    rows = []
    for number, tally in enumerate(tallies, start=1):
        nomination = tally.nomination
        if is_closed and nomination.session_decisions:
            outcome = nomination.session_decisions[0].outcome
        else:
            outcome = (
                tally.proposed_outcome
                if selectors.vote_passes(session, tally.votes_for)
                else Outcome.REJECT
            )
        row = list_row(number, nomination)
        rows.append(
            MinutesRow(
                number=number,
                name=row.name,
                unit=row.unit,
                proposed=pf.OUTCOME_WORDS.get(tally.proposed_outcome, ""),
                votes_for=tally.votes_for,
                votes_against=tally.votes_against,
                votes_abstain=tally.votes_abstain,
                outcome=pf.OUTCOME_WORDS.get(outcome, ""),
            )
        )
    body = pf.nfc(session.body.name) if session.body else pf.standing_committee_of(unit)
    held = timezone.localtime(session.held_at)
    letterhead = pf.letterhead(
        unit,
        parent_of(ancestors),
        number=details.number,
        type_code="bien_ban",
        place=details.place,
        day=details.day,
    )
    absent = session.sitting_members - session.present_members - session.written_votes
    return {
        "document": "bien_ban",
        "session": session,
        "unit": unit,
        "campaign": session.campaign,
        "letterhead": letterhead,
        "body": body,
        "subject": f"họp xét đề nghị {pf.commendation_of(session.campaign.title)}",
        "held_words": pf.time_in_words(held),
        "closed_words": pf.closing_time_in_words(held, timezone.localtime(session.closed_at))
        if session.closed_at
        else "",
        "venue": pf.nfc(details.venue).strip(),
        "sitting": session.sitting_members,
        "present": session.present_members,
        "written": session.written_votes,
        "absent": max(absent, 0),
        "taking_part": session.taking_part,
        "quorum_fraction": pf.fraction_in_words(
            session.quorum_numerator, session.quorum_denominator
        ),
        "quorum_met": selectors.quorum_met(session),
        "threshold_words": threshold_words(session),
        "chair": pf.nfc(details.chair).strip(),
        "secretary": pf.nfc(details.secretary).strip(),
        "level_name": pf.nfc(session.level.name),
        "is_closed": is_closed,
        "rows": rows,
        "honored": sum(1 for r in rows if r.outcome == pf.OUTCOME_WORDS[Outcome.HONOR]),
        "forwarded": sum(1 for r in rows if r.outcome == pf.OUTCOME_WORDS[Outcome.FORWARD]),
    }


def minutes_sessions(campaign: Campaign, unit: Unit, user) -> list[VoteSession]:
    """The closed vote sessions of ``unit`` in ``campaign``, oldest first: the biên bản its
    dossier carries (one query)."""
    return list(
        VoteSession.objects.visible_to(user)
        .filter(campaign=campaign, unit=unit, state=SessionState.CLOSED)
        .select_related("campaign", "level", "unit", "body", "recorded_by")
        .order_by("held_at", "id")
    )


def voting_body_name(campaign: Campaign, unit: Unit, level: ReviewLevel, user) -> str:
    """The body whose biên bản the dossier carries: the one that actually voted (seed 004: the
    Hội đồng Thi đua - Khen thưởng), else the unit's body of the level's voting kind, else its
    standing committee."""
    names = [pf.nfc(s.body.name) for s in minutes_sessions(campaign, unit, user) if s.body]
    if names:
        return ", ".join(dict.fromkeys(names))
    body = unit.bodies.filter(kind=level.voting_body).first()
    return pf.nfc(body.name) if body else pf.standing_committee_of(unit)


def minutes_defaults(session: VoteSession) -> dict:
    unit = session.unit
    ancestors = ancestors_of(unit)
    held = timezone.localtime(session.held_at)
    return {
        "day": held.date(),
        "number": "",
        "place": pf.place_of(unit, ancestors),
        "venue": f"trụ sở {pf.nfc(unit.name)}",
        "chair": pf.nfc(session.chaired_by),
        "secretary": pf.nfc(session.recorded_by.get_full_name()) if session.recorded_by else "",
    }


# --- the achievement report of one nominee -------------------------------------------------------


def grassroots_committee(unit: Unit, ancestors: list[Unit]) -> Unit | None:
    """The grassroots Party organisation a unit belongs to (itself, or the nearest above)."""
    return next((u for u in [unit, *reversed(ancestors)] if u.is_grassroots), None)


@dataclass(frozen=True)
class Recognition:
    year: str
    text: str


def quality_ratings(nomination: Nomination) -> list[Recognition]:
    """The nominee's yearly quality ratings, latest first (at most five): part of its record,
    not commendations."""
    nominee_ratings = (
        nomination.person.ratings.all()
        if nomination.person_id
        else nomination.collective.ratings.all()
    )
    return [
        Recognition(str(rating.year), pf.RATING_WORDS.get(rating.rating, ""))
        for rating in nominee_ratings.order_by("-year")[:5]
    ]


def recognitions(nomination: Nomination) -> list[Recognition]:
    """The commendations the system already recorded: honors in other campaigns. Read inside
    the filing unit's subtree, which whoever sees the nomination may see."""
    items = []
    same_nominee = (
        Q(person_id=nomination.person_id)
        if nomination.person_id
        else Q(collective_id=nomination.collective_id)
    )
    honored = Nomination.objects.within(nomination.filing_unit).filter(
        same_nominee, state=NominationState.HONORED
    )
    for other in (
        honored.exclude(pk=nomination.pk)
        .select_related("campaign", "honored_level")
        .order_by("-campaign__period_end")
    ):
        where = f" ({pf.nfc(other.honored_level.name)})" if other.honored_level_id else ""
        items.append(
            Recognition(
                str(other.campaign.period_end.year),
                f"Được biểu dương: {pf.nfc(other.campaign.title)}{where}",
            )
        )
    return items


def report_defaults(nomination: Nomination) -> dict:
    unit = nomination.filing_unit
    ancestors = ancestors_of(unit)
    values = unit_defaults(unit, ancestors)
    if nomination.person_id:
        values["signer_name"] = pf.nfc(nomination.person.full_name)
    return values


def achievement_report(nomination: Nomination, details: Details) -> dict:
    """Báo cáo thành tích, in the form the campaign names (see ``forms_registry``)."""
    person, collective = nomination.person, nomination.collective
    home = person.unit if person else collective
    home_ancestors = ancestors_of(home)
    # The nominee always lies inside the filing unit, so the units above the filing unit are
    # the nominee's ancestors higher than it.
    filing_ancestors = [u for u in home_ancestors if u.depth < nomination.filing_unit.depth]
    confirming = grassroots_committee(home, home_ancestors)
    members = None
    if collective is not None:
        members = Person.objects.within(collective).party_members().count()
    letterhead = unit_letterhead(nomination.filing_unit, filing_ancestors, details, None)
    return {
        "document": "bao_cao",
        "nomination": nomination,
        "campaign": nomination.campaign,
        "form": forms_registry.achievement_form(nomination.campaign),
        "letterhead": letterhead,
        "home_superior": pf.upper(pf.organisation_name(parent_of(home_ancestors)))
        if home_ancestors
        else "",
        "home_unit": pf.upper(home.name),
        "nominee": pf.nfc(nomination.nominee_name),
        "is_collective": collective is not None,
        "person": person,
        "birth": person.date_of_birth.strftime("%d/%m/%Y")
        if person and person.date_of_birth
        else "",
        "gender": pf.GENDER_WORDS.get(person.gender, "") if person else "",
        "position": pf.nfc(person.position) if person else "",
        "unit_name": pf.nfc(home.name),
        "unit_parent": pf.nfc(parent_of(home_ancestors).name) if home_ancestors else "",
        "phone": pf.nfc(person.phone) if person else "",
        "members": members,
        "field_of_work": pf.nfc(nomination.field_of_work),
        "category": pf.nfc(nomination.category.name),
        "campaign_title": pf.nfc(nomination.campaign.title),
        "summary": pf.nfc(nomination.achievement_summary).strip(),
        "recognitions": recognitions(nomination),
        "ratings": quality_ratings(nomination),
        "confirming": pf.upper(confirming.name) if confirming else "",
        "signer_name": pf.nfc(details.signer_name).strip(),
    }


# --- the registration form of an emulation movement (seed 001, Mẫu 1) ----------------------------


def registration(campaign: Campaign, unit: Unit, details: Details) -> dict:
    """Mẫu 1: a cell or a đảng bộ registers the four criteria for a year."""
    ancestors = ancestors_of(unit)
    parent = parent_of(ancestors)
    is_cell = unit.kind in UnitKind.cell_kinds()
    if is_cell:
        members = unit.people.party_members().count()
        cells = None
    else:
        members = Person.objects.within(unit).party_members().count()
        cells = (
            Unit.objects.filter(path__startswith=unit.path, kind__in=UnitKind.cell_kinds())
            .exclude(pk=unit.pk)
            .count()
        )
    addressee = pf.standing_committee_of(parent) if parent else ""
    recipients = [f"- {addressee}," if addressee else "", archive_line(unit)]
    return {
        "document": "dang_ky",
        "campaign": campaign,
        "unit": unit,
        "letterhead": unit_letterhead(unit, ancestors, details, None, recipients),
        "year": details.year,
        "is_cell": is_cell,
        "title_words": "“Chi bộ bốn tốt”" if is_cell else "“Đảng bộ cơ sở bốn tốt”",
        "member_target": "100%" if is_cell else "từ 90%",
        "members": members,
        "cells": cells,
        "unit_name": pf.nfc(unit.name),
        "addressee": addressee,
        "basis": pf.basis_clause(first_line(campaign.legal_basis) or campaign.title),
        "commitments": registered_commitments(campaign, unit),
    }


def registered_commitments(campaign: Campaign, unit: Unit) -> list[str]:
    """The commitments ``unit`` recorded when it registered in the campaign's movement (Mẫu 1),
    one paragraph a line; empty when it has not registered (the form is then filled by hand)."""
    content = (
        MovementRegistration.objects.filter(movement__campaign=campaign, unit=unit)
        .values_list("content", flat=True)
        .first()
    )
    return [line.strip() for line in pf.nfc(content).splitlines() if line.strip()]


# --- the cover list of a dossier (danh mục hồ sơ) ------------------------------------------------


@dataclass(frozen=True)
class IndexRow:
    number: int | str
    name: str
    copies: int | str
    note: str = ""


def requirements_of(campaign: Campaign) -> list[DocumentRequirement]:
    return list(campaign.document_requirements.order_by("id"))


def requirement_rows(requirements, category_id, *, to_superior: bool = False) -> list[IndexRow]:
    """One row per document; a dossier sent above the organiser counts its own copies (seed
    004: 02 bộ for the district, 03 bộ for the city)."""
    rows = []
    for requirement in requirements:
        if requirement.category_id not in (None, category_id):
            continue
        notes = [] if requirement.required else ["Nếu có"]
        if not to_superior and requirement.copies_to_superior:
            notes.append(f"Trình cấp trên: {requirement.copies_to_superior:02d} bản")
        rows.append(
            IndexRow(
                len(rows) + 1,
                pf.nfc(requirement.name),
                requirement.copies_for(to_superior=to_superior),
                "; ".join(notes),
            )
        )
    return rows


def nomination_index(nomination: Nomination, details: Details) -> dict:
    """The documents of one nominee's dossier, with the copies the campaign asks for."""
    unit = nomination.filing_unit
    ancestors = ancestors_of(unit)
    rows = requirement_rows(requirements_of(nomination.campaign), nomination.category_id)
    return {
        "document": "danh_muc",
        "campaign": nomination.campaign,
        "unit": unit,
        "letterhead": unit_letterhead(unit, ancestors, details, None),
        "subject": f"hồ sơ đề nghị của {'' if nomination.collective_id else 'đồng chí '}"
        f"{pf.nfc(nomination.nominee_name)}",
        "campaign_title": pf.nfc(nomination.campaign.title),
        "sections": [{"heading": "", "rows": rows}],
        "closing": f"Hồ sơ gồm {len(rows):02d} loại tài liệu.",
    }


def level_index(campaign: Campaign, unit: Unit, user, details: Details) -> dict:
    """The dossier a level sends up: its own documents, then each forwarded nominee's."""
    ancestors = ancestors_of(unit)
    level = level_of_unit(campaign, unit)
    requirements = requirements_of(campaign)
    # The organiser's own dossier goes above the campaign (seed 004: the district to the city).
    to_superior = unit.pk == campaign.organiser_id
    sets = max((r.copies_for(to_superior=to_superior) for r in requirements), default=1)
    standing = pf.standing_committee_of(unit)
    nominations, forwarded = level_nominees(campaign, unit, level, user)
    names = []
    if forwarded:
        names.append(f"Tờ trình đề nghị của {standing}")
    if level.voting_body:
        names.append(f"Biên bản họp {voting_body_name(campaign, unit, level, user)}")
    names.append("Danh sách trích ngang các tập thể, cá nhân")
    own = [IndexRow(number, name, sets) for number, name in enumerate(names, start=1)]
    sections = [{"heading": f"Hồ sơ của {standing}", "rows": own}]
    for number, nomination in enumerate(nominations, start=1):
        nominee = pf.nfc(nomination.nominee_name)
        who = nominee if nomination.collective_id else f"đồng chí {nominee}"
        sections.append(
            {
                "heading": f"{number}. Hồ sơ của {who}",
                "rows": requirement_rows(
                    requirements, nomination.category_id, to_superior=to_superior
                ),
            }
        )
    return {
        "document": "danh_muc",
        "campaign": campaign,
        "unit": unit,
        "letterhead": unit_letterhead(unit, ancestors, details, None),
        "subject": f"hồ sơ đề nghị của {standing}",
        "campaign_title": pf.nfc(campaign.title),
        "sections": sections,
        "closing": f"Hồ sơ gồm hồ sơ của {standing} và hồ sơ của {len(nominations):02d} "
        "tập thể, cá nhân được đề nghị."
        if forwarded
        else f"Hồ sơ gồm hồ sơ của {standing} và hồ sơ của {len(nominations):02d} "
        "tập thể, cá nhân được biểu dương, khen thưởng.",
    }
