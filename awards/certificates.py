"""The certificates of an issued decision: what each one says, box by box, fitted to its box,
with the warnings to show before printing and the refusals that stop it.

Both modes print the same variable texts at the same boxes (the campaign's ``certificate``
layout, ``campaigns.awards``): the full certificate adds its border and fixed words around them
(``dossiers.documents.certificates``), printing onto a blank adds the office's printer offsets.
So the page that lists the warnings and the PDF agree on every line and every size.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.awards import (
    BOX_NAMES,
    AwardRules,
    Box,
    CertificateLayout,
    CommendationForm,
    box_problem,
)

from . import certificate_fit
from .models import CertificateSettings, Decision, DecisionEntry

#: the face each variable text is printed in (the PDF's stylesheet uses the same)
BOX_FACES = {
    "title": "bold",
    "name": "bold",
    "unit": "regular",
    "achievement": "regular",
    "decision": "italic",
    "place_date": "italic",
    "signer": "bold",
}
BOX_LABELS = {
    "title": gettext_lazy("The title"),
    "name": gettext_lazy("The name"),
    "unit": gettext_lazy("The position and unit"),
    "achievement": gettext_lazy("The achievement"),
    "decision": gettext_lazy("The decision's number and date"),
    "place_date": gettext_lazy("The place and date"),
    "signer": gettext_lazy("The signer's name"),
}
#: how far an office may move the text for its printer, each way, in millimetres
MAX_OFFSET_MM = Decimal(50)
ACHIEVEMENT_LEAD = "Đã có thành tích"


def date_in_words(day: datetime.date) -> str:
    """ "ngày 20 tháng 01 năm 2025", as the Party's documents write dates
    (``dossiers.documents.party_format.date_in_words``; awards sits below dossiers, a test
    keeps the two equal)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def points(size: float) -> str:
    """A type size as the page's language writes it: "18.5" in English, "18,5" in Vietnamese."""
    return f"{size:g}".replace(".", str(formats.get_format("DECIMAL_SEPARATOR")))


def form_of(rules: AwardRules, decision: Decision, code: str) -> CommendationForm:
    """The form an annex line names, or the one its level gives. ``rules`` is the campaign's
    ``awards``, read once by the caller: each reading parses the file and asks for the levels."""
    return rules.form(code) or rules.form_at(decision.level.position)


def entry_texts(rules: AwardRules, decision: Decision, entry: DecisionEntry) -> dict[str, str]:
    """The variable texts of one certificate, by box."""
    is_person = entry.nomination.person_id is not None
    name = entry.nominee_name.strip()
    achievement = " ".join(entry.achievement.split())
    if achievement and not achievement.lower().startswith("đã có"):
        achievement = f"{ACHIEVEMENT_LEAD} {achievement[:1].lower()}{achievement[1:]}"
    place = decision.place.strip()
    when = date_in_words(decision.issued_on) if decision.issued_on else ""
    return {
        "title": form_of(rules, decision, entry.form_code).certificate_title,
        "name": f"Đồng chí {name}" if is_person else name,
        "unit": ", ".join(p for p in (entry.position.strip(), entry.unit_name.strip()) if p),
        "achievement": achievement,
        "decision": decision.reference,
        "place_date": f"{place}, {when}" if place else when.capitalize(),
        "signer": decision.signer_name.strip(),
    }


@dataclass(frozen=True)
class Certificate:
    """One certificate: its annex line and each box's fitted text."""

    order: int
    name: str
    form_code: str
    texts: dict[str, certificate_fit.Fitted]


@dataclass
class CertificateSet:
    decision: Decision
    rules: AwardRules
    certificates: list[Certificate] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)

    @property
    def layout(self) -> CertificateLayout:
        return self.rules.certificate

    def check(self) -> None:
        """Refuse to print when any text does not fit its box."""
        if self.refusals:
            raise ValidationError(self.refusals, code="certificate_text_too_long")


def live_entries(decision: Decision):
    return decision.entries.filter(live=True).select_related("nomination").order_by("order")


def fit_entry(layout: CertificateLayout, texts: dict[str, str]):
    """Each box's fitted text (None: does not fit even at the smallest size)."""
    fitted: dict[str, certificate_fit.Fitted | None] = {}
    for name in BOX_NAMES:
        box = layout.boxes[name]
        fitted[name] = certificate_fit.fit(
            texts.get(name, ""),
            width=box.width,
            height=box.height,
            size=box.size,
            face=BOX_FACES[name],
        )
    return fitted


def certificate_set(decision: Decision, entries=None) -> CertificateSet:
    """Every certificate of ``decision`` (or of the given entries), in the annex's order, with a
    warning per shrunk text and a refusal per text that does not fit at all."""
    rules = decision.campaign.awards
    layout = rules.certificate
    result = CertificateSet(decision=decision, rules=rules)
    if not decision.signer_name.strip():
        result.warnings.append(
            _("The decision names no signer: the certificates leave the signer's name empty.")
        )
    for entry in live_entries(decision) if entries is None else entries:
        texts = entry_texts(rules, decision, entry)
        fitted = fit_entry(layout, texts)
        complete = {name: value for name, value in fitted.items() if value is not None}
        for name, value in fitted.items():
            where = {
                "box": BOX_LABELS[name],
                "person": entry.nominee_name,
                "order": entry.order,
            }
            if value is None:
                result.refusals.append(
                    _(
                        "Line %(order)s, %(person)s: %(box)s does not fit its box even at "
                        "%(size)s pt; shorten it before printing."
                    )
                    % {**where, "size": certificate_fit.MIN_FONT_PT}
                )
            elif value.shrunk:
                result.warnings.append(
                    _(
                        "Line %(order)s, %(person)s: %(box)s is too long, printed smaller at "
                        "%(size)s pt."
                    )
                    % {**where, "size": points(value.size)}
                )
        if len(complete) == len(fitted):
            result.certificates.append(
                Certificate(
                    order=entry.order,
                    name=entry.nominee_name,
                    form_code=entry.form_code,
                    texts=complete,
                )
            )
    return result


# --- printer offsets ----------------------------------------------------------------------------


def offsets_for(decision: Decision) -> tuple[float, float]:
    """The offsets blanks are printed with: the issuing unit's own setting for the campaign,
    else the campaign file's defaults."""
    own = CertificateSettings.objects.filter(
        unit_id=decision.unit_id, campaign_id=decision.campaign_id
    ).first()
    if own is not None:
        return float(own.offset_x_mm), float(own.offset_y_mm)
    layout = decision.campaign.awards.certificate
    return layout.offset_x_mm, layout.offset_y_mm


def offset_problems(layout: CertificateLayout, offset_x: float, offset_y: float) -> dict[str, str]:
    """Why the offsets cannot be used, by field: out of bounds, or a box pushed off the sheet
    along that axis."""
    width, height = layout.page_mm
    found: dict[str, str] = {}
    for key, value, extent, start, size in (
        ("offset_x_mm", offset_x, width, lambda b: b.x, lambda b: b.width),
        ("offset_y_mm", offset_y, height, lambda b: b.y, lambda b: b.height),
    ):
        if abs(Decimal(str(value))) > MAX_OFFSET_MM:
            found[key] = _("Enter a shift between −%(max)s and %(max)s mm.") % {
                "max": MAX_OFFSET_MM
            }
            continue
        off = [
            name
            for name, box in layout.boxes.items()
            if start(box) + value < 0 or start(box) + size(box) + value > extent
        ]
        if off:
            found[key] = _(
                "With this shift %(boxes)s would be printed off the %(width)g × %(height)g mm "
                "sheet; enter a smaller shift."
            ) % {
                "boxes": ", ".join(str(BOX_LABELS[n]).lower() for n in off),
                "width": width,
                "height": height,
            }
    return found


def placement_problems(
    layout: CertificateLayout, offset: tuple[float, float], names=BOX_NAMES
) -> list[str]:
    """The boxes that would not be on the sheet once moved by ``offset`` (checked again when
    rendering: the settings may predate a change of the campaign's layout)."""
    problems = []
    for name in names:
        problem = box_problem(layout.boxes[name], layout.page_mm, offset)
        if problem:
            problems.append(f"{BOX_LABELS[name]}: {problem}")
    return problems


def moved(box: Box, offset: tuple[float, float]) -> Box:
    return Box(
        x=box.x + offset[0],
        y=box.y + offset[1],
        width=box.width,
        height=box.height,
        size=box.size,
        align=box.align,
    )
