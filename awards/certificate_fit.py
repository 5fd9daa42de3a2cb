"""Fitting a certificate's text into its box, measured with the font the PDF is printed in.

A certificate is printed onto a pre-printed blank: a text that overflows its box runs over the
blank's ornaments or off the sheet, and nobody sees it until the paper is spoiled. So every text
is laid out here, before rendering, with the very font file WeasyPrint embeds (Liberation Serif,
found through fontconfig like WeasyPrint finds it), by Pillow with HarfBuzz shaping (raqm) when it
is installed, so kerning is counted as WeasyPrint counts it:

* words are wrapped greedily into lines no wider than the box;
* if the lines do not fit the box's height at the box's size, the size is lowered in half-point
  steps down to ``MIN_FONT_PT``; the result says it was shrunk (the page warns before printing);
* if the text does not fit even at ``MIN_FONT_PT``, ``fit`` returns None: the caller refuses.

The PDF prints the lines exactly as returned (one line each, never re-wrapped), so what is
measured here is what is printed. Pure apart from reading the font file: no database.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageFont

from campaigns.awards import MIN_FONT_PT

#: the line height the PDF uses for certificate texts, times the type size
LINE_HEIGHT = 1.2
#: measured widths are taken this much wider: a line that only just fits is never at risk of
#: being a hair wider in the PDF (another rounding, another shaping of a rare glyph)
SAFETY = 1.02
STEP_PT = 0.5
MM_PER_PT = 25.4 / 72
#: the faces the certificate uses, as fontconfig patterns, and the file names they are known by
FACES = {
    "regular": ("Liberation Serif:style=Regular", "LiberationSerif-Regular.ttf"),
    "bold": ("Liberation Serif:style=Bold", "LiberationSerif-Bold.ttf"),
    "italic": ("Liberation Serif:style=Italic", "LiberationSerif-Italic.ttf"),
    "bold-italic": ("Liberation Serif:style=Bold Italic", "LiberationSerif-BoldItalic.ttf"),
}
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
#: Pillow measures at this size (in pixels = points here); widths scale linearly with the size
REFERENCE_SIZE = 100


class FontMissing(RuntimeError):
    """The Liberation Serif face is not installed (Debian: fonts-liberation2)."""


@functools.cache
def font_file(face: str) -> Path:
    """The installed file of one face: what ``fc-match`` names (as WeasyPrint resolves
    ``local()``), else the file found under the font directories."""
    pattern, file_name = FACES[face]
    fc_match = shutil.which("fc-match")
    if fc_match:
        found = subprocess.run(  # noqa: S603 (a fixed program and pattern)
            [fc_match, "-f", "%{file}", pattern], capture_output=True, text=True, check=False
        ).stdout.strip()
        if found and Path(found).name == file_name and Path(found).is_file():
            return Path(found)
    for directory in FONT_DIRS:
        for candidate in sorted(directory.rglob(file_name)) if directory.is_dir() else ():
            return candidate
    raise FontMissing(f"{file_name} is not installed")


@functools.cache
def _font(face: str) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_file(face)), REFERENCE_SIZE)


def width_mm(text: str, size_pt: float, face: str = "regular") -> float:
    """How wide ``text`` is printed at ``size_pt`` in ``face``, in millimetres."""
    if not text:
        return 0.0
    return _font(face).getlength(text) * size_pt / REFERENCE_SIZE * MM_PER_PT * SAFETY


def line_height_mm(size_pt: float) -> float:
    return size_pt * LINE_HEIGHT * MM_PER_PT


def wrap(text: str, size_pt: float, box_width_mm: float, face: str = "regular") -> list[str] | None:
    """``text`` in lines no wider than the box, or None when a single word is wider."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if width_mm(candidate, size_pt, face) <= box_width_mm:
                current = candidate
                continue
            if width_mm(word, size_pt, face) > box_width_mm:
                return None
            lines.append(current)
            current = word
        if current:
            lines.append(current)
    return lines


@dataclass(frozen=True)
class Fitted:
    """A text laid out in its box: the lines to print and the size they are printed at."""

    lines: tuple[str, ...]
    size: float
    shrunk: bool  # printed smaller than the box's own size


def fit(
    text: str,
    *,
    width: float,
    height: float,
    size: float,
    face: str = "regular",
    min_size: float = MIN_FONT_PT,
) -> Fitted | None:
    """The largest size, from ``size`` down to ``min_size`` by half points, at which ``text``
    fits a box ``width`` × ``height`` mm; None when it fits at none."""
    text = " ".join(part for part in text.split(" ") if part).strip()
    current = float(size)
    while current >= min_size - 1e-9:
        lines = wrap(text, current, width, face)
        if lines is not None and len(lines) * line_height_mm(current) <= height + 1e-6:
            return Fitted(lines=tuple(lines), size=current, shrunk=current < size)
        current = round(current - STEP_PT, 1)
    return None
