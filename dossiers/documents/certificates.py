"""Certificates as PDF: the full certificate, printing onto pre-printed blanks, and the
calibration page.

The texts and their sizes come from ``awards.certificates`` (fitted with the PDF's own font);
here they are placed on the sheet. Every position is a number from the campaign's layout, so
the positions are written as a small stylesheet made by this module (``layout_css``) and the
templates only name classes: no user text reaches the CSS, and no inline style reaches the HTML.

* **full**: a double-rule border, the issuing body and its verb ("tặng") above the title, the
  variable texts at their boxes, the signer's title above the signature; on plain paper, so the
  printer offsets do not apply;
* **blank**: only the variable texts (the title when asked), each at its box moved by the
  office's offsets; nothing else, since the blank carries the rest;
* **calibration**: the same sheet with a millimetre grid and the boxes outlined where the blank
  mode prints them, offsets included, to be printed on a blank and held against the light.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation

from awards import certificate_fit
from awards.certificates import (
    BOX_FACES,
    CertificateSet,
    certificate_set,
    form_of,
    moved,
    offsets_for,
    placement_problems,
)
from awards.models import Decision
from campaigns.awards import BOX_NAMES, PAPER_SIZES, Box, CertificateLayout, CommendationForm

from . import party_format as pf
from . import pdf

FULL, BLANK = "full", "blank"
MODES = (FULL, BLANK)
#: the boxes' names on the calibration page (the printed text is Vietnamese whatever the page's
#: language, like every document)
CALIBRATION_LABELS = {
    "title": "Tên hình thức (GIẤY KHEN…)",
    "name": "Họ và tên",
    "unit": "Chức vụ, đơn vị",
    "achievement": "Thành tích",
    "decision": "Số, ngày quyết định",
    "place_date": "Địa danh, ngày tháng",
    "signer": "Người ký",
}
#: the border of the full certificate, from the edge of the sheet
BORDER_MM = 10
#: the fixed texts of the full certificate: the face and size each is printed in
FIXED = {
    "body": ("bold", 15.0),
    "verb": ("italic", 14.0),
    "on_behalf": ("bold", 13.0),
}


def _mm(value: float) -> str:
    return f"{value:.2f}mm"


def size_class(size: float) -> str:
    return f"pt-{round(size * 10)}"


@dataclass(frozen=True)
class PlacedText:
    """One block of text on a sheet: the class that places it and the lines it prints."""

    css_class: str
    face: str
    size: float
    lines: tuple[str, ...]

    @property
    def classes(self) -> str:
        return f"box {self.css_class} f-{self.face} {size_class(self.size)}"


@dataclass(frozen=True)
class Sheet:
    texts: list[PlacedText]
    template: str  # the form's template (full certificate) or blank.html


def box_rule(css_class: str, box: Box) -> str:
    return (
        f".{css_class} {{ left: {_mm(box.x)}; top: {_mm(box.y)}; width: {_mm(box.width)}; "
        f"height: {_mm(box.height)}; text-align: {box.align}; }}"
    )


def layout_css(layout: CertificateLayout, boxes: dict[str, Box], sizes: set[float]) -> str:
    """The stylesheet of one PDF: the paper, each class's box, each size used."""
    width, height = layout.page_mm
    rules = [
        f"@page {{ size: {_mm(width)} {_mm(height)}; margin: 0; "
        "@top-center { content: none; } }",
        f".sheet {{ position: relative; width: {_mm(width)}; height: {_mm(height)}; "
        "overflow: hidden; }",
        ".sheet + .sheet { break-before: page; }",
        ".box { position: absolute; overflow: visible; }",
        f".box .line {{ white-space: nowrap; line-height: {certificate_fit.LINE_HEIGHT}; }}",
        ".f-regular { font-weight: normal; font-style: normal; }",
        ".f-bold { font-weight: bold; font-style: normal; }",
        ".f-italic { font-weight: normal; font-style: italic; }",
        ".f-bold-italic { font-weight: bold; font-style: italic; }",
        f".border {{ position: absolute; left: {_mm(BORDER_MM)}; top: {_mm(BORDER_MM)}; "
        f"width: {_mm(width - 2 * BORDER_MM)}; height: {_mm(height - 2 * BORDER_MM)}; "
        "box-sizing: border-box; border: 4.5pt double #000; }",
        *(box_rule(f"box-{name}", box) for name, box in boxes.items()),
        *(f".{size_class(size)} {{ font-size: {size:g}pt; }}" for size in sorted(sizes)),
    ]
    return "\n".join(rules)


def fixed_boxes(layout: CertificateLayout) -> dict[str, Box]:
    """Where the full certificate prints its fixed words, from the boxes around them: the
    issuing body and its verb above the title, the signer's title between the place and date
    and the signer's name (the signature goes between). Kept inside the border."""
    boxes = layout.boxes
    title, place, signer = boxes["title"], boxes["place_date"], boxes["signer"]
    # On A3 everything is larger by the ratio of the sheets (√2), as the campaign's own boxes
    # are: the fixed words keep their proportion to the variable ones.
    scale = min(layout.page_mm) / min(PAPER_SIZES["A4"])
    inner_top = BORDER_MM + 4
    body_y = max(inner_top, title.y - 22 * scale)
    verb_y = max(body_y + 9 * scale, title.y - 10 * scale)
    return {
        "body": Box(title.x, body_y, title.width, 9 * scale, FIXED["body"][1] * scale, "center"),
        "verb": Box(
            title.x, min(verb_y, title.y), title.width, 8 * scale, FIXED["verb"][1] * scale
        ),
        "on_behalf": Box(
            signer.x,
            place.y + place.height + 1,
            signer.width,
            12 * scale,
            FIXED["on_behalf"][1] * scale,
        ),
    }


def sheet_template(name: str) -> str:
    """The full certificate's template of a form (``plain`` unless the campaign names another
    that exists)."""
    candidate = f"documents/certificates/{name}.html"
    try:
        get_template(candidate)
    except TemplateDoesNotExist:
        return "documents/certificates/plain.html"
    return candidate


def fixed_texts(decision: Decision, form: CommendationForm) -> dict[str, str]:
    body = pf.upper(pf.standing_committee_of(decision.unit))
    title = pf.upper(decision.signer_title) or pf.default_signer_title(decision.unit)
    on_behalf = pf.upper(decision.on_behalf) or pf.default_on_behalf(decision.unit)
    return {"body": body, "verb": form.verb, "on_behalf": f"{on_behalf}\n{title}"}


def _fit_fixed(name: str, text: str, box: Box) -> PlacedText:
    face = FIXED[name][0]
    size = round(box.size * 2) / 2  # half points, like the shrinking steps
    fitted = certificate_fit.fit(text, width=box.width, height=box.height, size=size, face=face)
    if fitted is None:  # a name longer than the sheet: printed at the smallest size, clipped
        fitted = certificate_fit.Fitted((text,), certificate_fit.MIN_FONT_PT, True)
    return PlacedText(f"box-{name}", face, fitted.size, fitted.lines)


@dataclass(frozen=True)
class CertificatePdf:
    content: bytes
    pages: int
    warnings: list[str]


def render_sheets(layout: CertificateLayout, boxes: dict[str, Box], sheets: list[Sheet]) -> bytes:
    sizes = {text.size for sheet in sheets for text in sheet.texts}
    with translation.override("vi"):
        html = render_to_string("documents/certificates/sheets.html", {"sheets": sheets})
    return pdf.write_pdf(pf.nfc(html), extra_css=layout_css(layout, boxes, sizes))


def certificates_pdf(
    decision: Decision, *, mode: str = FULL, with_title: bool = False, entries=None
) -> CertificatePdf:
    """One page per live annex line (or per given entry), in the annex's order. Refuses
    (``ValidationError``) a text that does not fit its box even at the smallest size, and in
    blank mode a box that the offsets push off the sheet."""
    if mode not in MODES:
        raise ValueError(mode)
    found: CertificateSet = certificate_set(decision, entries)
    found.check()
    layout = found.layout
    # Blanks are printed with the office's offsets, plain paper without; either way every box
    # is on the sheet (the campaign file was checked when loaded, but it may have been changed
    # since, and the offsets may predate it).
    names = [n for n in BOX_NAMES if mode == FULL or with_title or n != "title"]
    offset = offsets_for(decision) if mode == BLANK else (0.0, 0.0)
    problems = placement_problems(layout, offset, names)
    if problems:
        raise ValidationError(problems, code="certificate_off_page")
    if mode == BLANK:
        boxes = {name: moved(layout.boxes[name], offset) for name in names}
    else:
        boxes = {**dict(layout.boxes), **fixed_boxes(layout)}
    sheets = []
    for certificate in found.certificates:
        texts = [
            PlacedText(
                f"box-{name}",
                BOX_FACES[name],
                certificate.texts[name].size,
                certificate.texts[name].lines,
            )
            for name in names
            if certificate.texts[name].lines
        ]
        if mode == FULL:
            form = form_of(found.rules, decision, certificate.form_code)
            fixed = fixed_texts(decision, form)
            texts = [
                *(_fit_fixed(name, fixed[name], boxes[name]) for name in FIXED),
                *texts,
            ]
            template = sheet_template(form.template)
        else:
            template = "documents/certificates/blank.html"
        sheets.append(Sheet(texts=texts, template=template))
    content = render_sheets(layout, boxes, sheets)
    return CertificatePdf(content=content, pages=len(sheets), warnings=found.warnings)


# --- the calibration page ----------------------------------------------------------------------


def calibration_pdf(decision: Decision) -> bytes:
    """One sheet of the campaign's paper: a line every 10 mm, labelled with its distance from
    the top left corner, a tick every 5 mm (and every millimetre along the top and left
    edges), and each box outlined and named where the blank mode prints it, offsets included."""
    layout = decision.campaign.awards.certificate
    offset = offsets_for(decision)
    width, height = layout.page_mm
    with translation.override("vi"):
        boxes = [
            {
                "label": CALIBRATION_LABELS[name],
                "box": moved(layout.boxes[name], offset),
                "off_page": bool(placement_problems(layout, offset, [name])),
            }
            for name in BOX_NAMES
        ]
        html = render_to_string(
            "documents/certificates/calibration.html",
            {
                "width": f"{width:g}",
                "height": f"{height:g}",
                "columns": list(range(10, int(width), 10)),
                "rows": list(range(10, int(height), 10)),
                "ticks_x": list(range(5, int(width), 10)),
                "ticks_y": list(range(5, int(height), 10)),
                "mm_x": [x for x in range(1, int(width)) if x % 5],
                "mm_y": [y for y in range(1, int(height)) if y % 5],
                "boxes": boxes,
                "offset_x": f"{offset[0]:+g}",
                "offset_y": f"{offset[1]:+g}",
                "paper": layout.paper,
                "landscape": layout.orientation == "landscape",
                "middle_x": f"{width / 2:g}",
                "middle_y": f"{height / 2:g}",
            },
        )
    return pdf.write_pdf(pf.nfc(html), extra_css=layout_css(layout, {}, set()))
