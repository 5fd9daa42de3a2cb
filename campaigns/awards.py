"""What follows an honor, as campaign data: the forms of commendation, which level gives which,
the decision's wording and the certificate's layout (the ``awards`` key of a campaign file).

Pure: ``award_rules(raw, ...)`` turns the stored JSON into frozen dataclasses with the defaults
filled in, and ``problems(raw)`` lists what is wrong with it, as ``(path, message)`` pairs, without
a database. A campaign without the key gets the defaults: one form, "Giấy khen", at every level
that honors, the decision worded from the campaign's title, an A4 landscape certificate.

Adding a form is a setting (a new entry of ``forms``) and, if its certificate looks different, a
template named by its ``template``; no code changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

#: paper sizes in millimetres, portrait (width, height)
PAPER_SIZES = {"A4": (210, 297), "A3": (297, 420)}
ORIENTATIONS = ("landscape", "portrait")
ALIGNMENTS = ("left", "center", "right")
#: the variable texts of a certificate, in the order they are printed on a blank
BOX_NAMES = ("title", "name", "unit", "achievement", "decision", "place_date", "signer")
#: the smallest type a box may be shrunk to before the text is refused as too long
MIN_FONT_PT = 8
MAX_FONT_PT = 72
TYPE_CODE = re.compile(r"^[A-Za-zĐđ]{1,6}$")

#: where the variable texts go on an A4 landscape blank, in millimetres from the top left of
#: the sheet; offices move them with ``offset_x_mm``/``offset_y_mm`` or per box
DEFAULT_BOXES: dict[str, dict[str, Any]] = {
    "title": {"x": 30, "y": 38, "width": 237, "height": 16, "size": 26, "align": "center"},
    "name": {"x": 30, "y": 70, "width": 237, "height": 14, "size": 24, "align": "center"},
    "unit": {"x": 30, "y": 86, "width": 237, "height": 10, "size": 15, "align": "center"},
    "achievement": {"x": 40, "y": 100, "width": 217, "height": 30, "size": 14, "align": "center"},
    "decision": {"x": 30, "y": 160, "width": 110, "height": 14, "size": 11, "align": "left"},
    "place_date": {"x": 160, "y": 138, "width": 110, "height": 8, "size": 12, "align": "center"},
    "signer": {"x": 160, "y": 178, "width": 110, "height": 10, "size": 14, "align": "center"},
}


@dataclass(frozen=True)
class Box:
    """Where one variable text is printed: millimetres from the top left, its type size."""

    x: float
    y: float
    width: float
    height: float
    size: float
    align: str = "center"


@dataclass(frozen=True)
class CommendationForm:
    code: str
    name: str  # "Giấy khen"
    certificate_title: str  # "GIẤY KHEN", printed at the top of the certificate
    verb: str = "tặng"  # "tặng Giấy khen", "biểu dương"
    template: str = "plain"  # documents/certificates/<template>.html
    reward: str = ""  # Điều 2: "kèm theo tiền thưởng 500.000 đồng"; empty: no Điều 2 reward
    issuing_bodies: tuple[str, ...] = ("standing_committee",)


@dataclass(frozen=True)
class LevelAward:
    position: int
    form: str  # a form's code
    body: str = "standing_committee"  # the body whose decision it is


@dataclass(frozen=True)
class DecisionWording:
    type_code: str = "QĐ"
    subject: str = ""  # "về việc biểu dương …"; empty: from the campaign's title
    bases: tuple[str, ...] = ()  # further "Căn cứ …" after the campaign's basis
    executors: str = ""  # Điều 3: who carries it out; empty: the default sentence
    recipients: tuple[str, ...] = ("Như Điều 3", "Lưu Văn phòng")
    signer_title: str = ""  # empty: the unit's default (PHÓ BÍ THƯ / BÍ THƯ)


@dataclass(frozen=True)
class CertificateLayout:
    paper: str = "A4"
    orientation: str = "landscape"
    offset_x_mm: float = 0
    offset_y_mm: float = 0
    boxes: dict[str, Box] = field(default_factory=dict)

    @property
    def page_mm(self) -> tuple[float, float]:
        """(width, height) of the sheet as it is printed."""
        width, height = PAPER_SIZES[self.paper]
        return (height, width) if self.orientation == "landscape" else (width, height)


@dataclass(frozen=True)
class AwardRules:
    forms: tuple[CommendationForm, ...]
    levels: tuple[LevelAward, ...]
    decision: DecisionWording
    certificate: CertificateLayout

    def form(self, code: str) -> CommendationForm | None:
        return next((f for f in self.forms if f.code == code), None)

    def for_level(self, position: int) -> LevelAward | None:
        return next((a for a in self.levels if a.position == position), None)

    def form_at(self, position: int) -> CommendationForm:
        """The form a level gives; the first form where the campaign does not say."""
        award = self.for_level(position)
        return (award and self.form(award.form)) or self.forms[0]


DEFAULT_FORM = {"code": "giay-khen", "name": "Giấy khen", "certificate_title": "GIẤY KHEN"}


def _box(raw: dict) -> Box:
    return Box(
        x=float(raw["x"]),
        y=float(raw["y"]),
        width=float(raw["width"]),
        height=float(raw["height"]),
        size=float(raw.get("size", 14)),
        align=raw.get("align", "center"),
    )


def default_boxes(paper: str, orientation: str) -> dict[str, dict[str, Any]]:
    """The default boxes, drawn for A4 landscape, stretched to the sheet: on A3 they sit where
    they sit on A4, √2 larger (a campaign's own boxes replace them)."""
    width, height = PAPER_SIZES.get(paper, PAPER_SIZES["A4"])
    if orientation != "portrait":
        width, height = height, width
    sx, sy = width / 297, height / 210
    scale = (sx * sy) ** 0.5
    return {
        name: {
            **spec,
            "x": round(spec["x"] * sx, 1),
            "y": round(spec["y"] * sy, 1),
            "width": round(spec["width"] * sx, 1),
            "height": round(spec["height"] * sy, 1),
            "size": min(MAX_FONT_PT, round(spec["size"] * scale, 1)),
        }
        for name, spec in DEFAULT_BOXES.items()
    }


def award_rules(raw: dict | None, *, honoring_positions=()) -> AwardRules:
    """The rules of a campaign's ``awards`` value (already checked by ``problems``), with the
    defaults filled in. ``honoring_positions``: the levels that honor, for the default."""
    raw = raw or {}
    forms = tuple(
        CommendationForm(
            code=f["code"],
            name=f["name"],
            certificate_title=f.get("certificate_title") or f["name"].upper(),
            verb=f.get("verb", "tặng"),
            template=f.get("template", "plain"),
            reward=f.get("reward", ""),
            issuing_bodies=tuple(f.get("issuing_bodies", ("standing_committee",))),
        )
        for f in (raw.get("forms") or [DEFAULT_FORM])
    )
    levels = tuple(
        LevelAward(
            position=int(a["position"]),
            form=a["form"],
            body=a.get("body", forms[0].issuing_bodies[0]),
        )
        for a in raw.get("levels") or []
    ) or tuple(LevelAward(position=p, form=forms[0].code) for p in honoring_positions)
    wording = raw.get("decision") or {}
    decision = DecisionWording(
        type_code=wording.get("type_code", "QĐ"),
        subject=wording.get("subject", ""),
        bases=tuple(wording.get("bases", ())),
        executors=wording.get("executors", ""),
        recipients=tuple(wording.get("recipients", DecisionWording.recipients)),
        signer_title=wording.get("signer_title", ""),
    )
    layout = raw.get("certificate") or {}
    boxes = default_boxes(layout.get("paper", "A4"), layout.get("orientation", "landscape"))
    for name, spec in (layout.get("boxes") or {}).items():
        boxes[name] = {**boxes.get(name, {}), **spec}
    certificate = CertificateLayout(
        paper=layout.get("paper", "A4"),
        orientation=layout.get("orientation", "landscape"),
        offset_x_mm=float(layout.get("offset_x_mm", 0)),
        offset_y_mm=float(layout.get("offset_y_mm", 0)),
        boxes={name: _box(spec) for name, spec in boxes.items()},
    )
    return AwardRules(forms=forms, levels=levels, decision=decision, certificate=certificate)


# --- checking a campaign file's ``awards`` value ----------------------------------------------


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def box_problem(box: Box, page_mm: tuple[float, float], offset=(0.0, 0.0)) -> str | None:
    """Why a box cannot be printed on the page (outside it, or empty), or None."""
    width, height = page_mm
    left, top = box.x + offset[0], box.y + offset[1]
    if box.width <= 0 or box.height <= 0:
        return _("its width and height must be above 0 mm")
    if left < 0 or top < 0 or left + box.width > width or top + box.height > height:
        return _(
            "it reaches outside the %(width)s × %(height)s mm page "
            "(from %(left)s, %(top)s mm, %(box_width)s × %(box_height)s mm)"
        ) % {
            "width": f"{width:g}",
            "height": f"{height:g}",
            "left": f"{left:g}",
            "top": f"{top:g}",
            "box_width": f"{box.width:g}",
            "box_height": f"{box.height:g}",
        }
    if not MIN_FONT_PT <= box.size <= MAX_FONT_PT:
        return _("its type size must be between %(min)s and %(max)s points") % {
            "min": MIN_FONT_PT,
            "max": MAX_FONT_PT,
        }
    return None


def problems(raw, *, level_positions=()) -> list[tuple[str, str]]:
    """Everything wrong with a campaign's ``awards`` value, each at its path."""
    found: list[tuple[str, str]] = []
    if raw is None:
        return found
    if not isinstance(raw, dict):
        return [("awards", _("must be an object"))]
    unknown = set(raw) - {"forms", "levels", "decision", "certificate"}
    for key in sorted(unknown):
        found.append((f"awards.{key}", _("unknown key")))
    forms = raw.get("forms", [])
    codes: set[str] = set()
    if not isinstance(forms, list):
        found.append(("awards.forms", _("must be a list")))
        forms = []
    for i, form in enumerate(forms):
        path = f"awards.forms[{i}]"
        if not isinstance(form, dict):
            found.append((path, _("must be an object")))
            continue
        for key in ("code", "name"):
            if not isinstance(form.get(key), str) or not form.get(key, "").strip():
                found.append((f"{path}.{key}", _("this key is required")))
        if form.get("code") in codes:
            found.append((f"{path}.code", _("is used twice")))
        codes.add(str(form.get("code")))
        template = form.get("template", "plain")
        if not isinstance(template, str) or not re.fullmatch(r"[a-z0-9_-]{1,40}", template):
            found.append((f"{path}.template", _("must be a template name (a–z, 0–9, - and _)")))
    known = codes or {DEFAULT_FORM["code"]}
    levels = raw.get("levels", [])
    if not isinstance(levels, list):
        found.append(("awards.levels", _("must be a list")))
        levels = []
    for i, award in enumerate(levels):
        path = f"awards.levels[{i}]"
        if not isinstance(award, dict):
            found.append((path, _("must be an object")))
            continue
        if level_positions and award.get("position") not in level_positions:
            found.append((f"{path}.position", _("no level has this position")))
        if award.get("form") not in known:
            found.append((f"{path}.form", _("no form has this code")))
    wording = raw.get("decision", {})
    if not isinstance(wording, dict):
        found.append(("awards.decision", _("must be an object")))
    elif "type_code" in wording and not TYPE_CODE.fullmatch(str(wording["type_code"])):
        found.append(("awards.decision.type_code", _("must be 1 to 6 letters, like QĐ")))
    layout = raw.get("certificate", {})
    if not isinstance(layout, dict):
        return [*found, ("awards.certificate", _("must be an object"))]
    if layout.get("paper", "A4") not in PAPER_SIZES:
        found.append(("awards.certificate.paper", _("must be A4 or A3")))
    if layout.get("orientation", "landscape") not in ORIENTATIONS:
        found.append(("awards.certificate.orientation", _("must be landscape or portrait")))
    boxes = layout.get("boxes", {})
    if not isinstance(boxes, dict):
        return [*found, ("awards.certificate.boxes", _("must be an object"))]
    for name, spec in boxes.items():
        path = f"awards.certificate.boxes.{name}"
        if name not in BOX_NAMES:
            found.append(
                (path, _("unknown text; the texts are %(names)s") % {"names": ", ".join(BOX_NAMES)})
            )
            continue
        merged = {**DEFAULT_BOXES[name], **(spec if isinstance(spec, dict) else {})}
        if not isinstance(spec, dict) or not all(
            _number(merged[k]) for k in ("x", "y", "width", "height", "size")
        ):
            found.append((path, _("x, y, width, height and size must be numbers")))
            continue
        if merged.get("align", "center") not in ALIGNMENTS:
            found.append((f"{path}.align", _("must be left, center or right")))
    for key in ("offset_x_mm", "offset_y_mm"):
        if key in layout and not _number(layout[key]):
            found.append((f"awards.certificate.{key}", _("must be a number")))
    if found:
        return found
    rules = award_rules(raw)
    offset = (rules.certificate.offset_x_mm, rules.certificate.offset_y_mm)
    for name, box in rules.certificate.boxes.items():
        problem = box_problem(box, rules.certificate.page_mm, offset)
        if problem:
            found.append((f"awards.certificate.boxes.{name}", problem))
    return found
