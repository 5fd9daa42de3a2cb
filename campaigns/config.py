"""A campaign's whole configuration as data: export, validate, import, update, clone, shift.

The format (``"format": 1``) is a JSON object; moments are ISO 8601 with their offset, dates ISO
dates, units and categories are named by their codes. Everything is checked before anything is
written, and every problem is reported at once with its path (``levels[2].placement: ...``,
indexes from 0), so an admin fixes a file in one pass. Writing happens in one transaction.
"""

from __future__ import annotations

import copy
import datetime
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, router, transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.models import BodyKind, Rating, Unit, UnitKind

from . import awards
from .models import (
    Campaign,
    CampaignStatus,
    CapBase,
    Category,
    DocumentRequirement,
    GeneratedDocument,
    Milestone,
    MilestoneKind,
    MilestoneLevel,
    Movement,
    NomineeKind,
    Placement,
    Quota,
    QuotaScope,
    ReportRequest,
    ReviewLevel,
    Rounding,
)
from .report_forms import available_forms

FORMAT = 1
# Words the campaign URLs use next to the codes: a campaign with such a code would be hidden.
RESERVED_CODES = frozenset({"tao-moi", "nhap-tep", "phong-trao-bon-tot"})
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")

# --- the fields of each part of the format ---------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """One key of the format: its type, whether it must be there, and its default."""

    kind: str  # text, slug, bool, int, date, moment, choice, choices, lines
    required: bool = False
    default: Any = None
    choices: Any = None  # a TextChoices class, for choice and choices
    blank: bool = True  # text and choice: "" allowed
    nullable: bool = False
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None


CAMPAIGN = {
    "format": Spec("int", required=True),
    "code": Spec("slug", required=True, max_length=80),
    "title": Spec("text", required=True, blank=False, max_length=300),
    "legal_basis": Spec("text", default=""),
    "organiser_code": Spec("text", required=True, blank=False, max_length=50),
    "period_start": Spec("date", required=True),
    "period_end": Spec("date", required=True),
    "rating_year": Spec("int", required=True, minimum=1930, maximum=2200),
    "status": Spec(
        "choice", default=CampaignStatus.DRAFT.value, choices=CampaignStatus, blank=False
    ),
    "filing_kinds": Spec("choices", required=True, choices=UnitKind),
    "description": Spec("text", default=""),
    "achievement_form": Spec("text", default="", max_length=100),
    "report_max_pages": Spec("int", nullable=True, minimum=1, maximum=50),
    "fields_of_work": Spec("lines", default=[]),
}
SECTIONS = ("levels", "categories", "quotas", "documents", "reports")
#: rows a part of the campaign may have, in the editor and in a file alike: a file of 2,999
#: levels was accepted, and its edit page then took 77 s
MAX_ROWS_PER_SECTION = 50
#: a campaign file is at most 1 MB and nests at most 5 deep (a movement's milestones); nesting in
#: the thousands exhausts Python's recursion before any check could run
MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 10
#: sections that may be left out of a configuration: an update then keeps what the campaign has
OPTIONAL_SECTIONS = ("reports",)

#: seed 002: the numbers of the campaign's public vote (an optional object)
PUBLIC_VOTE_KEY = "public_vote"
AWARDS_KEY = "awards"
PUBLIC_VOTE = {
    "min_shortlist": Spec("int", required=True, minimum=1, maximum=500),
    "max_shortlist": Spec("int", required=True, minimum=1, maximum=500),
    "max_choices": Spec("int", required=True, minimum=1, maximum=200),
    "honor_count": Spec("int", required=True, minimum=1, maximum=500),
}

LEVEL = {
    "position": Spec("int", required=True, minimum=1),
    "name": Spec("text", required=True, blank=False, max_length=200),
    "placement": Spec("choice", required=True, choices=Placement, blank=False),
    "kinds": Spec("choices", default=[], choices=UnitKind),
    "appraising_body": Spec(
        "choice", default=BodyKind.ORGANISATION_COMMITTEE.value, choices=BodyKind, blank=False
    ),
    "voting_body": Spec("choice", default="", choices=BodyKind),
    "can_honor": Spec("bool", default=False),
    "can_forward": Spec("bool", default=True),
    "forward_cap_percent": Spec("int", nullable=True),
    "cap_base": Spec("choice", default=CapBase.HONORED_HERE.value, choices=CapBase, blank=False),
    "cap_rounding": Spec("choice", default=Rounding.FLOOR.value, choices=Rounding, blank=False),
    "opens_at": Spec("moment", nullable=True),
    "closes_at": Spec("moment", nullable=True),
}

CATEGORY = {
    "code": Spec("slug", required=True, max_length=60),
    "name": Spec("text", required=True, blank=False, max_length=200),
    "nominee_kind": Spec(
        "choice", default=NomineeKind.INDIVIDUAL.value, choices=NomineeKind, blank=False
    ),
    "description": Spec("text", default=""),
    "party_members_only": Spec("bool", default=True),
    "min_person_rating": Spec("choice", default="", choices=Rating),
    "min_unit_rating": Spec("choice", default="", choices=Rating),
    "exclude_under_review": Spec("bool", default=True),
    "required_position": Spec("text", default="", max_length=100),
    "checklist": Spec("lines", default=[]),
    "order": Spec("int", default=0, minimum=0, maximum=32767),
}

QUOTA = {
    "scope": Spec("choice", default=QuotaScope.FILED.value, choices=QuotaScope, blank=False),
    "unit_kinds": Spec("choices", default=[], choices=UnitKind),
    "unit_code": Spec("text", nullable=True, blank=False, max_length=50),
    "category_code": Spec("text", nullable=True, blank=False, max_length=60),
    "max_individuals": Spec("int", nullable=True, minimum=0, maximum=32767),
    "max_collectives": Spec("int", nullable=True, minimum=0, maximum=32767),
    "max_total": Spec("int", nullable=True, minimum=0, maximum=32767),
    "min_total": Spec("int", nullable=True, minimum=0, maximum=32767),
}

DOCUMENT = {
    "category_code": Spec("text", nullable=True, blank=False, max_length=60),
    "code": Spec("slug", required=True, max_length=60),
    "name": Spec("text", required=True, blank=False, max_length=200),
    "required": Spec("bool", default=True),
    "copies": Spec("int", default=1, minimum=1, maximum=32767),
    "copies_to_superior": Spec("int", nullable=True, minimum=1, maximum=32767),
    "generated_from": Spec("choice", default="", choices=GeneratedDocument),
    "signed_copy_required": Spec("bool", default=False),
}

# Optional: an emulation movement evaluated every year (seed 001). Files without it still read.
MOVEMENT_KEY = "movement"
MOVEMENT = {
    "first_year": Spec("int", required=True, minimum=1930, maximum=2200),
    "last_year": Spec("int", required=True, minimum=1930, maximum=2200),
    "cell_member_percent": Spec("int", default=100, minimum=1, maximum=100),
    "committee_member_percent": Spec("int", default=90, minimum=1, maximum=100),
    "cells_numerator": Spec("int", default=3, minimum=1, maximum=100),
    "cells_denominator": Spec("int", default=4, minimum=1, maximum=100),
}
MILESTONE = {
    "kind": Spec("choice", required=True, choices=MilestoneKind, blank=False),
    "level": Spec("choice", required=True, choices=MilestoneLevel, blank=False),
    # Either a deadline, or the code of the report request (in "reports") whose due_at it is.
    "deadline": Spec("moment", nullable=True),
    "report": Spec("slug", nullable=True, max_length=60),
    "year": Spec("int", nullable=True, minimum=1930, maximum=2200),
    "note": Spec("text", default="", max_length=300),
}

REPORT = {
    "code": Spec("slug", required=True, max_length=60),
    "title": Spec("text", required=True, blank=False, max_length=300),
    "outline": Spec("outline", required=True),
    "unit_kinds": Spec("choices", required=True, choices=UnitKind),
    "due_at": Spec("moment", required=True),
    "allow_upload": Spec("bool", default=True),
    "order": Spec("int", default=0, minimum=0, maximum=32767),
}

#: one section of a report's outline
OUTLINE_SECTION = {
    "number": Spec("text", required=True, blank=False, max_length=10),
    "title": Spec("text", required=True, blank=False, max_length=300),
    "guidance": Spec("text", default=""),
    "required": Spec("bool", default=True),
}

SECTION_SPECS = {
    "levels": LEVEL,
    "categories": CATEGORY,
    "quotas": QUOTA,
    "documents": DOCUMENT,
    "reports": REPORT,
}
INVALID = object()


# --- errors -------------------------------------------------------------------------------------


def config_error(path: str, problem: str) -> ValidationError:
    """One problem at one path; ``error.params`` keeps both for pages that place it at a field."""
    if not path:
        return ValidationError(
            "%(problem)s", code="config", params={"path": "", "problem": problem}
        )
    return ValidationError(
        "%(path)s: %(problem)s", code="config", params={"path": path, "problem": problem}
    )


class Problems:
    def __init__(self):
        self.errors: list[ValidationError] = []

    def add(self, path: str, problem: str) -> None:
        self.errors.append(config_error(path, problem))

    def raise_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


# --- reading values -----------------------------------------------------------------------------


def _choice_problem(value, choices) -> str:
    return _("unknown value “%(value)s”; expected one of: %(choices)s") % {
        "value": value,
        "choices": ", ".join(choices.values),
    }


def _parse(problems: Problems, path: str, raw, spec: Spec):
    """The Python value of ``raw`` under ``spec``, or INVALID after reporting why."""
    if raw is None:
        if spec.nullable:
            return None
        problems.add(path, _("must not be empty"))
        return INVALID
    kind = spec.kind
    if kind in ("text", "slug", "choice"):
        if not isinstance(raw, str):
            problems.add(path, _("must be text"))
            return INVALID
        value = raw.strip()
        if not value and not spec.blank:
            problems.add(path, _("must not be empty"))
            return INVALID
        if spec.max_length and len(value) > spec.max_length:
            problems.add(path, _("must be at most %(n)s characters") % {"n": spec.max_length})
            return INVALID
        if kind == "slug" and not SLUG.match(value):
            problems.add(path, _("must use only letters, digits, hyphens and underscores"))
            return INVALID
        if kind == "choice" and value and value not in spec.choices.values:
            problems.add(path, _choice_problem(value, spec.choices))
            return INVALID
        return value
    if kind == "bool":
        if not isinstance(raw, bool):
            problems.add(path, _("must be true or false"))
            return INVALID
        return raw
    if kind == "int":
        if isinstance(raw, bool) or not isinstance(raw, int):
            problems.add(path, _("must be a whole number"))
            return INVALID
        if spec.minimum is not None and raw < spec.minimum:
            problems.add(path, _("must be at least %(n)s") % {"n": spec.minimum})
            return INVALID
        if spec.maximum is not None and raw > spec.maximum:
            problems.add(path, _("must be at most %(n)s") % {"n": spec.maximum})
            return INVALID
        return raw
    if kind == "date":
        try:
            if not isinstance(raw, str) or len(raw) != 10:
                raise ValueError
            return datetime.date.fromisoformat(raw)
        except ValueError:
            problems.add(path, _("must be a date written YYYY-MM-DD"))
            return INVALID
    if kind == "moment":
        try:
            if not isinstance(raw, str) or "T" not in raw:
                raise ValueError
            value = datetime.datetime.fromisoformat(raw)
        except ValueError:
            problems.add(path, _("must be a moment written YYYY-MM-DDTHH:MM:SS+07:00"))
            return INVALID
        if value.tzinfo is None:
            problems.add(path, _("must give its UTC offset, e.g. +07:00"))
            return INVALID
        return value
    if kind in ("choices", "lines"):
        if not isinstance(raw, list):
            problems.add(path, _("must be a list"))
            return INVALID
        values, ok = [], True
        for i, item in enumerate(raw):
            item_path = f"{path}[{i}]"
            if not isinstance(item, str) or not item.strip():
                problems.add(item_path, _("must be non-empty text"))
                ok = False
                continue
            item = item.strip()
            if kind == "choices" and item not in spec.choices.values:
                problems.add(item_path, _choice_problem(item, spec.choices))
                ok = False
                continue
            if kind == "choices" and item in values:
                problems.add(item_path, _("is listed twice"))
                ok = False
                continue
            values.append(item)
        return values if ok else INVALID
    if kind == "outline":
        if not isinstance(raw, list) or not raw:
            problems.add(path, _("must be a non-empty list of sections"))
            return INVALID
        sections = [
            _object(problems, f"{path}[{i}]", item, OUTLINE_SECTION) for i, item in enumerate(raw)
        ]
        if not all(s is not None and _valid(*s.values()) for s in sections):
            return INVALID
        numbers = [s["number"] for s in sections]
        if len(set(numbers)) != len(numbers):
            problems.add(path, _("every section needs its own number"))
            return INVALID
        return sections
    raise AssertionError(kind)  # pragma: no cover - every kind is handled above


def _object(
    problems: Problems, path: str, raw, specs: dict[str, Spec], extra_keys: tuple[str, ...] = ()
) -> dict | None:
    """Every key of an object parsed; unknown and missing keys reported. None if not an object."""
    if not isinstance(raw, dict):
        problems.add(path, _("must be an object"))
        return None
    for key in raw:
        if key not in specs and key not in extra_keys:
            problems.add(_join(path, str(key)), _("unknown key"))
    parsed = {}
    for key, spec in specs.items():
        if key not in raw:
            if spec.required:
                problems.add(_join(path, key), _("this key is required"))
                parsed[key] = INVALID
            else:
                parsed[key] = copy.deepcopy(spec.default)
            continue
        parsed[key] = _parse(problems, _join(path, key), raw[key], spec)
    return parsed


def _valid(*values) -> bool:
    return all(v is not INVALID for v in values)


# --- the plan: a checked configuration, ready to be written -------------------------------------


@dataclass
class Plan:
    campaign: dict
    organiser: Unit
    levels: list[dict] = field(default_factory=list)
    categories: list[dict] = field(default_factory=list)
    quotas: list[dict] = field(default_factory=list)  # "unit" resolved, "category_code" kept
    documents: list[dict] = field(default_factory=list)
    #: the movement's settings with its "milestones", or None when the file has none
    movement: dict | None = None
    reports: list[dict] | None = None  # None: keep the campaign's report requests


def _depth(value) -> int:
    """How deep ``value`` nests, without recursion."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            depth += 1
            deepest = max(deepest, depth)
            stack.extend(
                (child, depth) for child in (item.values() if isinstance(item, dict) else item)
            )
    return deepest


def parse_file(content: bytes):
    """The configuration in a campaign file, for the import page and ``load_campaign`` alike:
    at most ``MAX_FILE_BYTES`` of UTF-8 JSON nesting at most ``MAX_DEPTH`` deep, or a
    ``ValidationError`` that says which limit the file broke."""
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError(_("The file is larger than 1 MB."), code="too_large")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(_("The file is not UTF-8 text."), code="not_utf8") from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValidationError(
            _("The file is not valid JSON: %(problem)s at line %(line)s, column %(column)s."),
            params={"problem": error.msg, "line": error.lineno, "column": error.colno},
            code="not_json",
        ) from error
    except RecursionError as error:
        raise ValidationError(
            _("The file nests too deeply to be a campaign."), code="too_deep"
        ) from error
    if _depth(data) > MAX_DEPTH:
        raise ValidationError(_("The file nests too deeply to be a campaign."), code="too_deep")
    return data


def check_config(data, *, by=None, instance: Campaign | None = None) -> Plan:
    """Every problem of ``data`` at once (one ``ValidationError``), or the plan to write.

    With ``by`` (a user), units are looked up inside that user's subtree only, so a unit outside
    it reads as unknown. With ``instance``, its own code does not count as taken.
    """
    problems = Problems()
    if not isinstance(data, dict):
        problems.add("", _("The configuration must be a JSON object."))
        problems.raise_any()
    fmt = data.get("format")
    if "format" in data and fmt != FORMAT:
        problems.add(
            "format",
            _("unsupported format version “%(value)s”; this version reads format %(format)s")
            % {"value": fmt, "format": FORMAT},
        )
        problems.raise_any()
    top = _object(
        problems,
        "",
        data,
        CAMPAIGN,
        extra_keys=(*SECTIONS, MOVEMENT_KEY, PUBLIC_VOTE_KEY, AWARDS_KEY),
    )
    sections = {}
    for name in SECTIONS:
        if name in OPTIONAL_SECTIONS and name not in data:
            # Absent (the campaign editor's page has no such part): kept as they are.
            sections[name] = None
            continue
        raw = data.get(name, [] if name != "levels" else None)
        if raw is None:
            problems.add(name, _("this key is required"))
            sections[name] = []
            continue
        if not isinstance(raw, list):
            problems.add(name, _("must be a list"))
            sections[name] = []
            continue
        if len(raw) > MAX_ROWS_PER_SECTION:
            problems.add(
                name,
                _("has %(count)s rows; a campaign has at most %(limit)s")
                % {"count": len(raw), "limit": MAX_ROWS_PER_SECTION},
            )
            sections[name] = []
            continue
        sections[name] = [
            _object(problems, f"{name}[{i}]", item, SECTION_SPECS[name])
            for i, item in enumerate(raw)
        ]

    _check_campaign(problems, top, instance)
    public_vote = _check_public_vote(problems, data.get(PUBLIC_VOTE_KEY))
    positions = {lvl["position"] for lvl in sections["levels"] if lvl and _valid(lvl["position"])}
    for path, problem in awards.problems(data.get(AWARDS_KEY), level_positions=positions):
        problems.add(path, problem)
    organiser = _resolve_units(problems, top, sections["quotas"], by)
    _check_levels(
        problems,
        sections["levels"],
        sends_above=_allocated_by_superior(top, sections["quotas"], organiser),
    )
    category_codes = _check_categories(problems, sections["categories"])
    _check_quotas(problems, sections["quotas"], category_codes, organiser)
    _check_documents(problems, sections["documents"], category_codes)
    movement = _check_movement(problems, data.get(MOVEMENT_KEY))
    _check_reports(problems, sections["reports"])
    _check_report_milestones(problems, movement, sections["reports"], instance)
    for i, name in enumerate(top["fields_of_work"] if _valid(top["fields_of_work"]) else []):
        if len(name) > 100:
            problems.add(f"fields_of_work[{i}]", _("must be at most %(n)s characters") % {"n": 100})
    problems.raise_any()

    campaign = {k: v for k, v in top.items() if k not in ("format", "organiser_code")}
    campaign["public_vote_rules"] = public_vote
    campaign["award_rules"] = data.get(AWARDS_KEY)
    return Plan(
        campaign=campaign,
        organiser=organiser,
        levels=sorted(sections["levels"], key=lambda lvl: lvl["position"]),
        categories=sections["categories"],
        quotas=sections["quotas"],
        documents=sections["documents"],
        movement=movement,
        reports=sections["reports"],
    )


def _check_movement(problems: Problems, raw) -> dict | None:
    if raw is None:
        return None
    movement = _object(problems, MOVEMENT_KEY, raw, MOVEMENT, extra_keys=("milestones",))
    if movement is None:
        return None
    milestones_raw = raw.get("milestones", [])
    if not isinstance(milestones_raw, list):
        problems.add(f"{MOVEMENT_KEY}.milestones", _("must be a list"))
        milestones_raw = []
    milestones, seen = [], set()
    for i, item in enumerate(milestones_raw):
        path = f"{MOVEMENT_KEY}.milestones[{i}]"
        milestone = _object(problems, path, item, MILESTONE)
        if milestone is None:
            continue
        key = (milestone["kind"], milestone["level"], milestone["year"])
        if INVALID not in key and key in seen:
            problems.add(path, _("the same milestone is listed twice"))
        seen.add(key)
        milestones.append(milestone)
    movement["milestones"] = milestones
    first, last = movement["first_year"], movement["last_year"]
    if _valid(first, last) and last < first:
        problems.add(f"{MOVEMENT_KEY}.last_year", _("must not be before the first year"))
    numerator, denominator = movement["cells_numerator"], movement["cells_denominator"]
    if _valid(numerator, denominator) and numerator > denominator:
        problems.add(f"{MOVEMENT_KEY}.cells_numerator", _("must not exceed the denominator"))
    return movement


def _check_report_milestones(
    problems: Problems, movement: dict | None, reports: list | None, instance: Campaign | None
) -> None:
    """A milestone has a deadline or names a report request of the file (of the campaign when
    the file has no "reports"), never both: the deadline is written in one place."""
    if movement is None:
        return
    if reports is not None:
        codes = {r["code"] for r in reports if r and _valid(r["code"])}
    else:
        codes = set(instance.report_requests.values_list("code", flat=True)) if instance else set()
    for i, milestone in enumerate(movement["milestones"]):
        path = f"{MOVEMENT_KEY}.milestones[{i}]"
        deadline, report = milestone["deadline"], milestone["report"]
        if not _valid(deadline, report):
            continue
        if (deadline is None) == (report is None):
            problems.add(path, _("give either a deadline or the code of a report, not both"))
        elif report is not None and report not in codes:
            problems.add(
                f"{path}.report",
                _("no report with the code “%(code)s” in “reports”") % {"code": report},
            )


def _write_movement(campaign: Campaign, data: dict | None) -> None:
    """Settings in place, milestones replaced. A file without a movement leaves an existing
    one alone: its registrations and judgements are records, not configuration. Runs after
    the report requests are written, since a milestone may point at one."""
    if data is None:
        return
    fields = {key: data[key] for key in MOVEMENT}
    movement, _created = Movement.objects.update_or_create(campaign=campaign, defaults=fields)
    movement.milestones.all().delete()
    requests = {r.code: r for r in campaign.report_requests.all()}
    Milestone.objects.bulk_create(
        Milestone(
            movement=movement,
            **{k: v for k, v in m.items() if k != "report"},
            report=requests[m["report"]] if m["report"] else None,
        )
        for m in data["milestones"]
    )


def _export_movement(campaign: Campaign) -> dict | None:
    movement = Movement.objects.filter(campaign=campaign).first()
    if movement is None:
        return None
    return {
        **{key: getattr(movement, key) for key in MOVEMENT},
        "milestones": [
            {
                "kind": m.kind,
                "level": m.level,
                "deadline": moment_text(m.deadline) if m.deadline else None,
                "report": m.report.code if m.report_id else None,
                "year": m.year,
                "note": m.note,
            }
            for m in movement.milestones.select_related("report").order_by(
                Coalesce("deadline", "report__due_at"), "level", "id"
            )
        ],
    }


def _check_campaign(problems: Problems, top: dict, instance: Campaign | None) -> None:
    code = top["code"]
    if _valid(code):
        if code.lower() in RESERVED_CODES:
            problems.add("code", _("this code is reserved"))
        taken = Campaign.objects.filter(code=code)
        if instance is not None:
            taken = taken.exclude(pk=instance.pk)
        if taken.exists():
            problems.add("code", _("a campaign with this code exists"))
    start, end = top["period_start"], top["period_end"]
    if _valid(start, end) and end < start:
        problems.add("period_end", _("must not be before period_start"))
    form = top["achievement_form"]
    if _valid(form) and form and form not in available_forms():
        problems.add(
            "achievement_form",
            _("no report form of that name: %(forms)s")
            % {"forms": ", ".join(sorted(available_forms()))},
        )
    if _valid(top["filing_kinds"]) and not top["filing_kinds"]:
        problems.add("filing_kinds", _("at least one kind of unit must file nominations"))


def _check_public_vote(problems: Problems, raw) -> dict | None:
    """The public vote's numbers: the shortlist's bounds in order and covering the honored."""
    if raw is None:
        return None
    rules = _object(problems, PUBLIC_VOTE_KEY, raw, PUBLIC_VOTE)
    if rules is None or not _valid(*rules.values()):
        return None
    if rules["max_shortlist"] < rules["min_shortlist"]:
        problems.add(f"{PUBLIC_VOTE_KEY}.max_shortlist", _("must not be below min_shortlist"))
    if rules["honor_count"] > rules["min_shortlist"]:
        problems.add(f"{PUBLIC_VOTE_KEY}.honor_count", _("must not be above min_shortlist"))
    return rules


def _resolve_units(problems: Problems, top: dict, quotas: list, by) -> Unit | None:
    codes = {top["organiser_code"]} if _valid(top["organiser_code"]) else set()
    codes |= {q["unit_code"] for q in quotas if q and _valid(q["unit_code"]) and q["unit_code"]}
    units = Unit.objects.visible_to(by) if by is not None else Unit.objects.all()
    found = {u.code: u for u in units.filter(code__in=codes)}

    def unknown(code):
        if by is None:
            return _("no unit has the code “%(code)s”") % {"code": code}
        return _("no unit has the code “%(code)s” in your organisation") % {"code": code}

    organiser = None
    if _valid(top["organiser_code"]):
        organiser = found.get(top["organiser_code"])
        if organiser is None:
            problems.add("organiser_code", unknown(top["organiser_code"]))
    for i, quota in enumerate(quotas):
        if not quota or not _valid(quota["unit_code"]) or not quota["unit_code"]:
            continue
        unit = found.get(quota["unit_code"])
        path = f"quotas[{i}].unit_code"
        if unit is None:
            problems.add(path, unknown(quota["unit_code"]))
        elif organiser is not None and not organiser.contains(unit):
            problems.add(
                path,
                _("“%(code)s” is not inside the organising unit") % {"code": quota["unit_code"]},
            )
        quota["unit"] = unit
    return organiser


def _allocated_by_superior(top: dict, quotas: list, organiser: Unit | None) -> bool:
    """Whether the superior committee gave the organiser an allocation to propose to it (seed
    004: the city lets the district send 1 collective and 2 individuals). A forwarding quota
    whose unit is already reported as wrong counts as one, so that one mistake is one problem."""
    for quota in quotas:
        if not quota or quota["scope"] != QuotaScope.FORWARDED or not quota["unit_code"]:
            continue
        unit = quota.get("unit")
        misplaced = unit is None or (organiser is not None and not organiser.contains(unit))
        if quota["unit_code"] == top["organiser_code"] or misplaced:
            return True
    return False


def _check_levels(problems: Problems, levels: list, *, sends_above: bool = False) -> None:
    """``sends_above``: the top level may forward, to the superior committee outside the
    campaign, within the allocation it was given."""
    if not levels:
        problems.add("levels", _("at least one reviewing level is required"))
        return
    positions = [lvl["position"] for lvl in levels if lvl and _valid(lvl["position"])]
    if len(positions) == len(levels) and sorted(positions) != list(range(1, len(levels) + 1)):
        problems.add(
            "levels",
            _("the positions must run 1, 2, … %(n)s without gaps or repeats") % {"n": len(levels)},
        )
    top_position = max(positions, default=None)
    for i, level in enumerate(levels):
        if not level:
            continue
        path = f"levels[{i}]"
        placement, kinds = level["placement"], level["kinds"]
        if _valid(placement, kinds):
            if placement == Placement.KINDS and not kinds:
                problems.add(f"{path}.kinds", _("list the unit kinds for the placement “kinds”"))
            if placement != Placement.KINDS and kinds:
                problems.add(f"{path}.kinds", _("only used with the placement “kinds”"))
        honor, forward = level["can_honor"], level["can_forward"]
        if _valid(honor, forward) and not honor and not forward:
            problems.add(f"{path}.can_forward", _("a level must honor or forward"))
        if (
            _valid(forward, level["position"])
            and forward
            and not sends_above
            and level["position"] == top_position
        ):
            problems.add(
                f"{path}.can_forward", _("the top level cannot forward: there is no level above it")
            )
        if _valid(honor, level["voting_body"]) and honor and not level["voting_body"]:
            problems.add(f"{path}.voting_body", _("a level that honors needs a body that votes"))
        cap = level["forward_cap_percent"]
        if _valid(cap) and cap is not None:
            if not 0 <= cap <= 100:
                problems.add(f"{path}.forward_cap_percent", _("must be between 0 and 100"))
            elif _valid(forward) and not forward:
                problems.add(
                    f"{path}.forward_cap_percent", _("a forwarding cap needs a level that forwards")
                )
        opens, closes = level["opens_at"], level["closes_at"]
        if _valid(opens, closes) and opens and closes and closes <= opens:
            problems.add(f"{path}.closes_at", _("must be later than opens_at"))


def _check_categories(problems: Problems, categories: list) -> set[str]:
    codes: set[str] = set()
    for i, category in enumerate(categories):
        if not category:
            continue
        path = f"categories[{i}]"
        code = category["code"]
        if _valid(code):
            if code in codes:
                problems.add(f"{path}.code", _("duplicate code “%(code)s”") % {"code": code})
            codes.add(code)
        if category["nominee_kind"] == NomineeKind.COLLECTIVE:
            for key in ("min_person_rating", "required_position"):
                if _valid(category[key]) and category[key]:
                    problems.add(f"{path}.{key}", _("only for categories of individuals"))
    return codes


def _check_category_code(problems: Problems, path: str, code, codes: set[str]) -> None:
    if _valid(code) and code and code not in codes:
        problems.add(path, _("no category has the code “%(code)s”") % {"code": code})


def _check_quotas(problems: Problems, quotas: list, codes: set[str], organiser) -> None:
    for i, quota in enumerate(quotas):
        if not quota:
            continue
        path = f"quotas[{i}]"
        quota.setdefault("unit", None)
        kinds, unit_code = quota["unit_kinds"], quota["unit_code"]
        if _valid(kinds, unit_code):
            if not kinds and not unit_code:
                problems.add(path, _("give unit_kinds or unit_code"))
            elif kinds and unit_code:
                problems.add(path, _("give unit_kinds or unit_code, not both"))
        _check_category_code(problems, f"{path}.category_code", quota["category_code"], codes)
        limits = [quota[k] for k in ("max_individuals", "max_collectives", "max_total")]
        if _valid(*limits, quota["min_total"]):
            if all(v is None for v in [*limits, quota["min_total"]]):
                problems.add(path, _("sets no limit"))
            if (
                quota["min_total"] is not None
                and quota["max_total"] is not None
                and quota["min_total"] > quota["max_total"]
            ):
                problems.add(f"{path}.min_total", _("must not be more than max_total"))


def _check_documents(problems: Problems, documents: list, codes: set[str]) -> None:
    seen: set[tuple] = set()
    for i, document in enumerate(documents):
        if not document:
            continue
        path = f"documents[{i}]"
        _check_category_code(problems, f"{path}.category_code", document["category_code"], codes)
        if document["signed_copy_required"] is True and not document["generated_from"]:
            problems.add(
                f"{path}.signed_copy_required",
                _("a signed copy is asked only of a document the product generates"),
            )
        key = (document["category_code"], document["code"])
        if _valid(*key):
            if key in seen:
                problems.add(
                    f"{path}.code", _("duplicate code “%(code)s”") % {"code": document["code"]}
                )
            seen.add(key)


def _check_reports(problems: Problems, reports: list | None) -> None:
    seen: set[str] = set()
    for i, report in enumerate(reports or []):
        if not report or not _valid(report["code"]):
            continue
        if report["code"] in seen:
            problems.add(
                f"reports[{i}].code", _("duplicate code “%(code)s”") % {"code": report["code"]}
            )
        seen.add(report["code"])


# --- writing ------------------------------------------------------------------------------------


def _level_fields(level: dict) -> dict:
    return {k: v for k, v in level.items() if k != "position"}


def _category_fields(category: dict) -> dict:
    return {k: v for k, v in category.items() if k != "code"}


def _quota_fields(quota: dict, categories: dict[str, Category]) -> dict:
    fields = {k: v for k, v in quota.items() if k not in ("unit_code", "category_code")}
    fields["category"] = categories.get(quota["category_code"]) if quota["category_code"] else None
    return fields


def _document_fields(document: dict, categories: dict[str, Category]) -> dict:
    code = document["category_code"]
    return {
        "name": document["name"],
        "required": document["required"],
        "copies": document["copies"],
        "copies_to_superior": document["copies_to_superior"],
        "generated_from": document["generated_from"] or "",
        "signed_copy_required": document["signed_copy_required"],
        "category": categories.get(code) if code else None,
    }


def _report_fields(report: dict) -> dict:
    return {k: v for k, v in report.items() if k != "code"}


def _write_new(plan: Plan, by) -> Campaign:
    campaign = Campaign.objects.create(organiser=plan.organiser, created_by=by, **plan.campaign)
    ReviewLevel.objects.bulk_create(
        ReviewLevel(campaign=campaign, position=lvl["position"], **_level_fields(lvl))
        for lvl in plan.levels
    )
    categories = {
        c["code"]: Category.objects.create(campaign=campaign, code=c["code"], **_category_fields(c))
        for c in plan.categories
    }
    Quota.objects.bulk_create(
        Quota(campaign=campaign, **_quota_fields(q, categories)) for q in plan.quotas
    )
    DocumentRequirement.objects.bulk_create(
        DocumentRequirement(campaign=campaign, code=d["code"], **_document_fields(d, categories))
        for d in plan.documents
    )
    ReportRequest.objects.bulk_create(
        ReportRequest(campaign=campaign, code=r["code"], **_report_fields(r))
        for r in plan.reports or []
    )
    _write_movement(campaign, plan.movement)
    return campaign


def _refuse_protected(path: str, name: str):
    raise ValidationError(
        [
            config_error(
                path,
                _("“%(name)s” is already used by nominations and cannot be removed")
                % {"name": name},
            )
        ]
    )


def _write_update(campaign: Campaign, plan: Plan) -> Campaign:
    """In place: levels keep their rows by position, categories by code, documents by
    (category, code), so the nominations that point at them stay attached."""
    for key, value in plan.campaign.items():
        setattr(campaign, key, value)
    campaign.organiser = plan.organiser
    campaign.save()

    levels = {lvl.position: lvl for lvl in campaign.levels.all()}
    wanted = {lvl["position"] for lvl in plan.levels}
    for position, level in levels.items():
        if position not in wanted:
            try:
                level.delete()
            except ProtectedError:
                _refuse_protected("levels", level.name)
    for data in plan.levels:
        level = levels.get(data["position"]) or ReviewLevel(
            campaign=campaign, position=data["position"]
        )
        for key, value in _level_fields(data).items():
            setattr(level, key, value)
        level.save()

    existing = {c.code: c for c in campaign.categories.all()}
    wanted_codes = {c["code"] for c in plan.categories}
    # Quotas have no identity of their own: they are replaced as a whole, before the categories
    # they point at can go.
    campaign.quotas.all().delete()
    documents = {
        (d.category.code if d.category_id else None, d.code): d
        for d in campaign.document_requirements.select_related("category")
    }
    wanted_documents = {(d["category_code"], d["code"]) for d in plan.documents}
    for key, document in documents.items():
        if key not in wanted_documents:
            document.delete()
    for code, category in existing.items():
        if code not in wanted_codes:
            try:
                category.delete()
            except ProtectedError:
                _refuse_protected("categories", category.name)
    categories = {}
    for data in plan.categories:
        category = existing.get(data["code"]) or Category(campaign=campaign, code=data["code"])
        for key, value in _category_fields(data).items():
            setattr(category, key, value)
        category.save()
        categories[category.code] = category
    Quota.objects.bulk_create(
        Quota(campaign=campaign, **_quota_fields(q, categories)) for q in plan.quotas
    )
    for data in plan.documents:
        document = documents.get((data["category_code"], data["code"]))
        document = document or DocumentRequirement(campaign=campaign, code=data["code"])
        for key, value in _document_fields(data, categories).items():
            setattr(document, key, value)
        document.save()
    if plan.reports is not None:
        _write_reports(campaign, plan.reports)
    _write_movement(campaign, plan.movement)
    return campaign


def _write_reports(campaign: Campaign, reports: list[dict]) -> None:
    """Report requests keep their rows by code, so the units' reports stay attached; a request
    that units already answered cannot be removed (PROTECT)."""
    requests = {r.code: r for r in campaign.report_requests.all()}
    wanted_reports = {r["code"] for r in reports}
    for code, request in requests.items():
        if code not in wanted_reports:
            try:
                request.delete()
            except ProtectedError:
                _refuse_protected("reports", request.title)
    for data in reports:
        request = requests.get(data["code"]) or ReportRequest(campaign=campaign, code=data["code"])
        for key, value in _report_fields(data).items():
            setattr(request, key, value)
        request.save()


def _with_overrides(data, *, organiser: Unit | None, code: str | None, title: str | None):
    if not isinstance(data, dict):
        return data
    data = dict(data)
    if organiser is not None:
        data["organiser_code"] = organiser.code
    if code is not None:
        data["code"] = code
    if title is not None:
        data["title"] = title
    return data


def import_campaign(
    data: dict,
    *,
    organiser: Unit | None = None,
    code: str | None = None,
    title: str | None = None,
    by=None,
) -> Campaign:
    """A new campaign from a configuration; ``organiser``, ``code`` and ``title`` replace the
    file's. Raises one ``ValidationError`` listing every problem, and then writes nothing."""
    data = _with_overrides(data, organiser=organiser, code=code, title=title)
    plan = check_config(data, by=by)
    try:
        with transaction.atomic():
            return _write_new(plan, by)
    except IntegrityError as error:
        # Another request took the code between the check and the write.
        if Campaign.objects.filter(code=plan.campaign["code"]).exists():
            raise ValidationError(
                [config_error("code", _("a campaign with this code exists"))]
            ) from error
        raise


def _in_use(obj) -> bool:
    """Whether anything (a nomination, a decision, the history) protects this row."""
    collector = Collector(using=router.db_for_write(type(obj)))
    try:
        collector.collect([obj])
    except (ProtectedError, RestrictedError):
        return True
    return False


def _check_rows_in_use(campaign: Campaign, plan: Plan) -> None:
    """Rows that nominations already point at keep their meaning: a level its place in the
    tree, a category its kind of nominee; and they cannot be removed."""
    problems = Problems()
    levels = {lvl.position: lvl for lvl in campaign.levels.all()}
    wanted = {}
    for i, data in enumerate(plan.levels):
        wanted[data["position"]] = (i, data)
    for position, level in levels.items():
        index, data = wanted.get(position, (None, None))
        changed = data is not None and (data["placement"], data["kinds"]) != (
            level.placement,
            list(level.kinds or []),
        )
        if (data is None or changed) and _in_use(level):
            path = "levels" if data is None else f"levels[{index}].placement"
            problems.add(
                path,
                _(
                    "“%(name)s” is already used by nominations: it cannot be "
                    "removed or moved elsewhere in the tree"
                )
                % {"name": level.name},
            )
    categories = {c["code"]: (i, c) for i, c in enumerate(plan.categories)}
    for category in campaign.categories.all():
        index, data = categories.get(category.code, (None, None))
        changed = data is not None and data["nominee_kind"] != category.nominee_kind
        if (data is None or changed) and _in_use(category):
            path = "categories" if data is None else f"categories[{index}].nominee_kind"
            problems.add(
                path,
                _(
                    "“%(name)s” is already used by nominations: it cannot be "
                    "removed or change its kind of nominee"
                )
                % {"name": category.name},
            )
    problems.raise_any()


def update_campaign(campaign: Campaign, data: dict, *, by=None) -> Campaign:
    """Replace a campaign's configuration with ``data``, checked first, in one transaction.

    Levels keep their rows by position and categories by code, so that nominations stay where
    they are; rows in use cannot be removed or change what they mean."""
    plan = check_config(data, by=by, instance=campaign)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        _check_rows_in_use(campaign, plan)
        return _write_update(campaign, plan)


def clone_campaign(campaign: Campaign, *, code: str, title: str, by=None) -> Campaign:
    """A copy of ``campaign`` under a new code and title, being prepared (status draft)."""
    data = export_campaign(campaign)
    data["status"] = CampaignStatus.DRAFT.value
    return import_campaign(data, code=code, title=title, by=by)


# --- exporting ----------------------------------------------------------------------------------


def moment_text(value: datetime.datetime | None) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value, timezone.get_default_timezone()).isoformat()


def export_campaign(campaign: Campaign) -> dict:
    """The whole configuration of ``campaign`` in format 1, ready for ``json.dumps``."""
    levels = campaign.levels.order_by("position")
    categories = campaign.categories.order_by("order", "name", "id")
    quotas = campaign.quotas.select_related("unit", "category").order_by("id")
    documents = campaign.document_requirements.select_related("category").order_by("id")
    reports = campaign.report_requests.order_by("order", "id")
    data = {
        "format": FORMAT,
        "code": campaign.code,
        "title": campaign.title,
        "legal_basis": campaign.legal_basis,
        "organiser_code": campaign.organiser.code,
        "period_start": campaign.period_start.isoformat(),
        "period_end": campaign.period_end.isoformat(),
        "rating_year": campaign.rating_year,
        "status": campaign.status,
        "filing_kinds": list(campaign.filing_kinds or []),
        "description": campaign.description,
        "achievement_form": campaign.achievement_form,
        "report_max_pages": campaign.report_max_pages,
        # Only a campaign with a public vote carries the key.
        **(
            {PUBLIC_VOTE_KEY: dict(campaign.public_vote_rules)}
            if campaign.public_vote_rules
            else {}
        ),
        **({AWARDS_KEY: campaign.award_rules} if campaign.award_rules else {}),
        "fields_of_work": list(campaign.fields_of_work or []),
        "levels": [
            {
                "position": lvl.position,
                "name": lvl.name,
                "placement": lvl.placement,
                "kinds": list(lvl.kinds or []),
                "appraising_body": lvl.appraising_body,
                "voting_body": lvl.voting_body,
                "can_honor": lvl.can_honor,
                "can_forward": lvl.can_forward,
                "forward_cap_percent": lvl.forward_cap_percent,
                "cap_base": lvl.cap_base,
                "cap_rounding": lvl.cap_rounding,
                "opens_at": moment_text(lvl.opens_at),
                "closes_at": moment_text(lvl.closes_at),
            }
            for lvl in levels
        ],
        "categories": [
            {
                "code": c.code,
                "name": c.name,
                "nominee_kind": c.nominee_kind,
                "description": c.description,
                "party_members_only": c.party_members_only,
                "min_person_rating": c.min_person_rating,
                "min_unit_rating": c.min_unit_rating,
                "exclude_under_review": c.exclude_under_review,
                "required_position": c.required_position,
                "checklist": list(c.checklist or []),
                "order": c.order,
            }
            for c in categories
        ],
        "quotas": [
            {
                "scope": q.scope,
                "unit_kinds": list(q.unit_kinds or []),
                "unit_code": q.unit.code if q.unit_id else None,
                "category_code": q.category.code if q.category_id else None,
                "max_individuals": q.max_individuals,
                "max_collectives": q.max_collectives,
                "max_total": q.max_total,
                "min_total": q.min_total,
            }
            for q in quotas
        ],
        "documents": [
            {
                "category_code": d.category.code if d.category_id else None,
                "code": d.code,
                "name": d.name,
                "required": d.required,
                "copies": d.copies,
                "copies_to_superior": d.copies_to_superior,
                "generated_from": d.generated_from,
                "signed_copy_required": d.signed_copy_required,
            }
            for d in documents
        ],
        "reports": [
            {
                "code": r.code,
                "title": r.title,
                "outline": [
                    {
                        "number": s.get("number", ""),
                        "title": s.get("title", ""),
                        "guidance": s.get("guidance", ""),
                        "required": s.get("required", True),
                    }
                    for s in r.sections
                ],
                "unit_kinds": list(r.unit_kinds or []),
                "due_at": moment_text(r.due_at),
                "allow_upload": r.allow_upload,
                "order": r.order,
            }
            for r in reports
        ],
    }
    movement = _export_movement(campaign)
    if movement is not None:
        data[MOVEMENT_KEY] = movement
    return data


# --- moving a campaign in time (the demo) -------------------------------------------------------


def _try(parse: Callable, value):
    try:
        return parse(value) if isinstance(value, str) else None
    except ValueError:
        return None


def last_deadline(data: dict) -> datetime.date | None:
    """The local day of the campaign's last deadline (its period's end when no level has one)."""
    tz = timezone.get_default_timezone()
    moments = [
        _try(datetime.datetime.fromisoformat, lvl.get("closes_at"))
        for lvl in data.get("levels") or []
        if isinstance(lvl, dict)
    ]
    moments = [m for m in moments if m is not None and m.tzinfo is not None]
    if moments:
        return max(moments).astimezone(tz).date()
    return _try(datetime.date.fromisoformat, data.get("period_end"))


def days_to_shift(data: dict, today: datetime.date, *, ahead: int = 30) -> int:
    """Whole days that bring the last deadline to ``ahead`` days after ``today``."""
    last = last_deadline(data)
    if last is None:
        return 0
    return (today + datetime.timedelta(days=ahead) - last).days


def shift_config(data: dict, days: int) -> dict:
    """A copy of ``data`` with every date and moment moved by ``days`` whole days; values that
    do not parse are left for the check to report."""
    data = copy.deepcopy(data)
    delta = datetime.timedelta(days=days)
    for key in ("period_start", "period_end"):
        day = _try(datetime.date.fromisoformat, data.get(key))
        if day is not None:
            data[key] = (day + delta).isoformat()
    for level in data.get("levels") or []:
        if not isinstance(level, dict):
            continue
        for key in ("opens_at", "closes_at"):
            moment = _try(datetime.datetime.fromisoformat, level.get(key))
            if moment is not None:
                level[key] = (moment + delta).isoformat()
    movement = data.get(MOVEMENT_KEY)
    # The movement's years stay: they are the years the ratings were given.
    for milestone in (movement.get("milestones") or []) if isinstance(movement, dict) else []:
        if isinstance(milestone, dict):
            moment = _try(datetime.datetime.fromisoformat, milestone.get("deadline"))
            if moment is not None:
                milestone["deadline"] = (moment + delta).isoformat()
    for report in data.get("reports") or []:
        moment = _try(
            datetime.datetime.fromisoformat,
            report.get("due_at") if isinstance(report, dict) else None,
        )
        if moment is not None:
            report["due_at"] = (moment + delta).isoformat()
    return data
