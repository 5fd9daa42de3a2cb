"""Reading the files back: PDF text and fonts (pypdf), DOCX text (python-docx), and nominations
made in bulk for the long lists."""

from __future__ import annotations

import io

from docx import Document as WordDocument
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from committees.models import Person
from nominations.models import LevelDecision, Nomination, NominationState, Outcome

MM = 72 / 25.4  # PDF points per millimetre


def flat(text: str) -> str:
    """White space folded, so a name wrapped in a table cell still reads as one string."""
    return " ".join(text.split())


def pdf_reader(content: bytes) -> PdfReader:
    assert content.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(content))


def pdf_text(content: bytes) -> str:
    return flat(" ".join(page.extract_text() for page in pdf_reader(content).pages))


def top_margin_text(reader: PdfReader, index: int, margin_mm: float = 20) -> str:
    """The text printed in the top margin of one page (where the page number goes)."""
    page = reader.pages[index]
    height = float(page.mediabox.height)
    found = []

    def visit(text, cm, tm, font_dict, font_size):
        y = tm[5] * cm[3] + cm[5] if cm else tm[5]
        if text.strip() and y > height - margin_mm * MM:
            found.append(text.strip())

    page.extract_text(visitor_text=visit)
    return " ".join(found)


def embedded_fonts(content: bytes) -> dict[str, str]:
    """Every font used on every page → the full name inside its embedded file. Fails when a
    font is not embedded."""
    fonts = {}
    for page in pdf_reader(content).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor_owner = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = descriptor_owner["/FontDescriptor"].get_object()
            files = [k for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in descriptor]
            assert files, f"{font['/BaseFont']} is not embedded"
            data = descriptor[files[0]].get_object().get_data()
            names = TTFont(io.BytesIO(data))["name"]
            fonts[str(font["/BaseFont"])] = names.getDebugName(4)
    return fonts


def docx_text(content: bytes) -> str:
    """All the text of a Word file, tables included (the letterhead is a table)."""
    document = WordDocument(io.BytesIO(content))
    parts = []

    def walk(container):
        for block in container.iter_inner_content():
            if hasattr(block, "rows"):
                for row in block.rows:
                    for cell in row.cells:
                        walk(cell)
            else:
                parts.append(block.text)

    walk(document)
    return flat(" ".join(parts))


def bulk_forwarded(
    seed, count: int, *, summary: str = "Gương mẫu, nhiều sáng kiến.", unit=None
) -> list[Nomination]:
    """``count`` nominations forwarded by district A, written straight to the tables: the
    services would take minutes for a 300-row list, and the documents only read these rows."""
    unit = unit or seed.tree.cell_a1
    start = Person.objects.count()
    people = Person.objects.bulk_create(
        [
            Person(
                code=f"BULK{start + i:06d}",
                full_name=f"Nguyễn Văn Số {start + i}",
                unit=unit,
                position="Đảng viên",
                phone=f"09{start + i:08d}",
            )
            for i in range(count)
        ]
    )
    nominations = Nomination.objects.bulk_create(
        [
            Nomination(
                campaign=seed.campaign,
                category=seed.members,
                person=person,
                filing_unit=unit,
                level=seed.district,
                reviewing_unit=seed.tree.district_a,
                state=NominationState.FORWARDED,
                achievement_summary=summary,
                filed_by=seed.secretary_a1,
            )
            for person in people
        ]
    )
    LevelDecision.objects.bulk_create(
        [
            LevelDecision(
                nomination=n,
                level=seed.district,
                unit=seed.tree.district_a,
                outcome=Outcome.FORWARD,
            )
            for n in nominations
        ]
    )
    return nominations
