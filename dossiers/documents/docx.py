"""The same document as a Word file: the HTML the PDF is made from, written with python-docx.

Converting the rendered HTML (rather than writing each document twice) keeps the PDF and the DOCX
word for word the same, and a new form template gets its Word file for free. The HTML is our own
and uses a small vocabulary, which is all this module understands:

* blocks: ``p``, ``h1``–``h4``, ``div`` (``page-break``), ``table``, ``ul``/``ol``/``li``;
* inline: ``b``/``strong``, ``i``/``em``, ``u``, ``span``, ``br``;
* tables: class ``layout`` (no borders: letterhead, signatures) or ``grid`` (ruled lists, 12 pt),
  ``thead`` rows repeated on each page, column widths from ``<col class="w-NN">`` (percent);
* the paragraph classes of ``party_format.css``: center, right, left, justify by default, indent,
  nospace, gap, title, subject, rule, heading, small, superior, national, state-title,
  signature-space, closing (kept with the signatures), keep (kept with what follows); a
  ``table.keep`` is kept on one page; a ``div.summary`` indents every paragraph in it.

Rows are never split across pages (``cantSplit``), header rows repeat and stay with the first
row, two tables that would touch get a small paragraph between them (Word and LibreOffice would
merge them), and cells have the stylesheet's padding. LibreOffice's rendering of the result is
compared with the PDF in ``tests/dossiers/documents/test_word_matches_pdf.py``.

The page is the Party's: A4 portrait, margins 20/15/20/30 mm, Times New Roman (Liberation Serif is
its metric twin where Word is not installed), page numbers from page 2 at the top centre.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from lxml import html as lxml_html

from nominations.exports import xml_text

FONT = "Times New Roman"
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]
BASE_SIZE, GRID_SIZE, HEADER_SIZE = 14, 12, 11
#: the padding of a cell, left and right, as the stylesheet's (LibreOffice's default is wider)
CELL_MARGIN_PT = 3
#: the height of the spacer paragraph between two tables, which would otherwise merge into one
SPACER_PT = 10
#: the stylesheet's line height (1.2 em) as a multiple of the font's own single line, which Word
#: and LibreOffice scale (Liberation Serif and Times New Roman: ascent 0.891 + descent 0.216 +
#: line gap 0.042 = 1.149 em; a 12-pt line is 13.8 pt)
LINE_SPACING = round(1.2 / 1.149, 3)
#: the stylesheet's ``.signature-space`` (24 mm), less the empty paragraph's own line
SIGNATURE_SPACE_MM = 18
CLASS_SIZES = {"small": 12, "superior": 13, "state-title": 12.5, "national": 15, "title": 16}
SIZE_ORDER = ("title", "national", "state-title", "superior", "small")

BLOCK_TAGS = frozenset(
    {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "div",
        "table",
        "ul",
        "ol",
        "section",
        "header",
        "footer",
        "blockquote",
    }
)
PARAGRAPH_TAGS = frozenset({"p", "h1", "h2", "h3", "h4"})
SKIPPED_TAGS = frozenset({"head", "style", "script", "title", "colgroup", "col"})
HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # not \s: a no-break space is kept
WIDTH_CLASS = re.compile(r"^w-(\d{1,3})$")


@dataclass(frozen=True)
class Ctx:
    """What a block inherits from where it sits."""

    size: float = BASE_SIZE
    bold: bool = False
    italic: bool = False
    underline: bool = False
    align: str | None = None
    width_mm: float = TEXT_WIDTH_MM
    in_grid: bool = False
    indent: bool = False  # inside a "summary" block: every paragraph indented
    keep_with_next: bool = False  # a header row: kept with the first row under it


def classes(element) -> set[str]:
    return set((element.get("class") or "").split())


# --- the page ------------------------------------------------------------------------------------


def new_document():
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BASE_SIZE)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    normal.paragraph_format.space_after = Pt(5)
    normal.paragraph_format.line_spacing = LINE_SPACING
    _page_numbers_from_page_two(section)
    return document


def _page_numbers_from_page_two(section) -> None:
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _set_borders(table, visible: bool) -> None:
    properties = table._tbl.tblPr
    for old in properties.findall(qn("w:tblBorders")):
        properties.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single" if visible else "nil")
        if visible:
            element.set(qn("w:sz"), "4")
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    properties.append(borders)


def _set_cell_margins(table, *, top_pt: float, side_pt: float) -> None:
    """The padding of every cell, as the stylesheet's (``table.grid td``, ``table.layout td``)."""
    properties = table._tbl.tblPr
    for old in properties.findall(qn("w:tblCellMar")):
        properties.remove(old)
    margins = OxmlElement("w:tblCellMar")
    for edge, points in (
        ("top", top_pt),
        ("left", side_pt),
        ("bottom", top_pt),
        ("right", side_pt),
    ):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(round(points * 20)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    properties.append(margins)


def _mark_size(paragraph, size: float) -> None:
    """The size of an empty paragraph's mark, which sets its height (an empty grid cell at the
    grid's 12 pt, not the document's 14 pt)."""
    properties = paragraph._p.get_or_add_pPr()
    mark = properties.find(qn("w:rPr"))
    if mark is None:
        mark = OxmlElement("w:rPr")
        properties.append(mark)
    for tag in ("w:sz", "w:szCs"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), str(round(size * 2)))
        mark.append(element)


def _row_flag(tr, name: str) -> None:
    """``w:cantSplit`` (the row is never split across pages) or ``w:tblHeader`` (repeated)."""
    properties = tr.get_or_add_trPr()
    flag = OxmlElement(f"w:{name}")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


# --- the writer ----------------------------------------------------------------------------------


class Writer:
    def __init__(self, document):
        self.document = document
        # The cells whose first paragraph (the one python-docx creates) is still unwritten. The
        # elements themselves are kept, not their ``id()``: an lxml proxy that nothing holds is
        # freed and its id reused by another cell's, which then lost its first paragraph.
        self._fresh_cells: set = set()
        self._grid_tables: set = set()  # ruled tables: the paragraph after one keeps 8 pt off
        # A page break is the next paragraph's "page break before", not a paragraph of its own:
        # a break paragraph that falls at the top of a page (the page above it full) would
        # leave that page blank.
        self._break_before_next = False

    # paragraphs

    def paragraph(self, container, ctx: Ctx, names: set[str]):
        after_grid = False
        if isinstance(container, _Cell) and container._tc in self._fresh_cells:
            self._fresh_cells.discard(container._tc)
            paragraph = container.paragraphs[0]
        else:
            after_grid = self.last_block(container) in self._grid_tables
            paragraph = container.add_paragraph()
        fmt = paragraph.paragraph_format
        if self._break_before_next:  # in a table: its first cell's paragraph moves the table
            fmt.page_break_before = True
            self._break_before_next = False
        align = (
            "center"
            if names & {"center", "title", "subject", "rule"}
            else "right"
            if "right" in names
            else "left"
            if "left" in names
            else ctx.align
        )
        fmt.alignment = {
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
            "left": WD_ALIGN_PARAGRAPH.LEFT,
        }.get(align, WD_ALIGN_PARAGRAPH.LEFT if ctx.in_grid else WD_ALIGN_PARAGRAPH.JUSTIFY)
        fmt.space_after = Pt(0 if names & {"nospace", "subject"} else 2 if ctx.in_grid else 5)
        if "title" in names:
            fmt.space_before = Pt(16)
        elif "heading" in names:
            fmt.space_before = Pt(8)
        elif "gap" in names:
            fmt.space_before = Pt(10)
        elif after_grid:  # the stylesheet's ``table.grid { margin-bottom: 8pt }``
            fmt.space_before = Pt(8)
        if "rule" in names:
            fmt.space_after = Pt(10)
        if "indent" in names or ctx.indent:
            fmt.first_line_indent = Mm(10)
        if "signature-space" in names:
            fmt.space_after = Mm(SIGNATURE_SPACE_MM)
        fmt.keep_with_next = ctx.keep_with_next or bool(
            names & {"title", "subject", "heading", "closing", "keep"}
        )
        return paragraph

    def paragraph_ctx(self, ctx: Ctx, names: set[str], tag: str) -> Ctx:
        size = next((CLASS_SIZES[n] for n in SIZE_ORDER if n in names), ctx.size)
        bold = (
            ctx.bold
            or bool(names & {"title", "subject", "heading"})
            or tag in {"h1", "h2", "h3", "h4"}
        )
        return replace(ctx, size=size, bold=bold)

    def runs(self, paragraph, pieces) -> None:
        """Write ``(text | None, ctx)`` pieces (None: a line break), folding white space."""
        cleaned = []
        at_line_start = True
        for text, ctx in pieces:
            if text is None:
                cleaned.append((None, ctx))
                at_line_start = True
                continue
            text = HTML_SPACE.sub(" ", xml_text(text))
            if at_line_start:
                text = text.lstrip(" ")
            if not text:
                continue
            cleaned.append((text, ctx))
            at_line_start = text.endswith(" ")
        while cleaned and cleaned[-1][0] is not None and not cleaned[-1][0].strip(" "):
            cleaned.pop()
        if cleaned and cleaned[-1][0] is not None:
            cleaned[-1] = (cleaned[-1][0].rstrip(" "), cleaned[-1][1])
        for text, ctx in cleaned:
            run = paragraph.add_run()
            if text is None:
                run.add_break(WD_BREAK.LINE)
                continue
            run.text = text
            run.font.size = Pt(ctx.size)
            run.font.bold = ctx.bold or None
            run.font.italic = ctx.italic or None
            run.font.underline = ctx.underline or None

    def inline_pieces(self, element, ctx: Ctx, *, with_tail: bool):
        """The text of an inline element and everything in it, with the formatting of each."""
        tag = element.tag if isinstance(element.tag, str) else ""
        pieces = []
        if tag == "br":
            pieces.append((None, ctx))
        elif tag and tag not in SKIPPED_TAGS:
            inner = replace(
                ctx,
                bold=ctx.bold or tag in {"b", "strong"},
                italic=ctx.italic or tag in {"i", "em"},
                underline=ctx.underline or tag == "u",
                size=next((CLASS_SIZES[n] for n in SIZE_ORDER if n in classes(element)), ctx.size),
            )
            if element.text:
                pieces.append((element.text, inner))
            for child in element:
                pieces.extend(self.inline_pieces(child, inner, with_tail=True))
        if with_tail and element.tail:
            pieces.append((element.tail, ctx))
        return pieces

    # blocks

    def children(self, element, container, ctx: Ctx) -> None:
        """The children of a block container; loose inline content becomes a paragraph."""
        pending = []

        def flush():
            if any(text is None or text.strip() for text, _ in pending):
                self.runs(self.paragraph(container, ctx, set()), pending)
            pending.clear()

        if element.text:
            pending.append((element.text, ctx))
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in BLOCK_TAGS:
                flush()
                self.block(child, container, ctx)
                if child.tail:
                    pending.append((child.tail, ctx))
            elif tag in SKIPPED_TAGS:
                continue
            else:
                pending.extend(self.inline_pieces(child, ctx, with_tail=True))
        flush()

    def block(self, element, container, ctx: Ctx) -> None:
        tag = element.tag
        names = classes(element)
        if tag in PARAGRAPH_TAGS:
            inner = self.paragraph_ctx(ctx, names, tag)
            if "closing" in names:
                self.keep_above_with_next(container)
            paragraph = self.paragraph(container, inner, names)
            pieces = [(element.text, inner)] if element.text else []
            for child in element:
                pieces.extend(self.inline_pieces(child, inner, with_tail=True))
            self.runs(paragraph, pieces)
        elif tag == "table":
            self.table(element, container, ctx)
        elif tag in {"ul", "ol"}:
            for number, item in enumerate(element.findall("li"), start=1):
                marker = f"{number}. " if tag == "ol" else "- "
                paragraph = self.paragraph(container, ctx, {"indent"})
                pieces = [(marker + (item.text or ""), ctx)]
                for child in item:
                    pieces.extend(self.inline_pieces(child, ctx, with_tail=True))
                self.runs(paragraph, pieces)
        elif "page-break" in names:
            self._break_before_next = True
        else:
            self.children(
                element, container, replace(ctx, indent=True) if "summary" in names else ctx
            )

    @staticmethod
    def last_block(container):
        parent = container._tc if isinstance(container, _Cell) else container.element.body
        blocks = [c for c in parent if c.tag not in {qn("w:sectPr"), qn("w:tcPr")}]
        return blocks[-1] if blocks else None

    def keep_above_with_next(self, container) -> None:
        """The closing line never starts a page alone with the signatures: the paragraph, or
        the last row of the table, right above it is kept with it (the stylesheet's
        ``p.closing { break-before: avoid }``)."""
        above = self.last_block(container)
        if above is None:
            return
        if above.tag == qn("w:tbl"):
            above = above.findall(qn("w:tr"))[-1]
            paragraphs = list(above.iter(qn("w:p")))
        else:
            paragraphs = [above] if above.tag == qn("w:p") else []
        for p in paragraphs:
            p.get_or_add_pPr().keepNext_val = True

    def separate_from_table_above(self, container) -> None:
        """A small empty paragraph between two tables: touching, Word and LibreOffice merge
        them into one (and the second loses its borders or takes the first one's)."""
        above = self.last_block(container)
        if above is not None and above.tag == qn("w:tbl"):
            spacer = container.add_paragraph()
            fmt = spacer.paragraph_format
            fmt.space_before = fmt.space_after = Pt(0)
            fmt.line_spacing = Pt(SPACER_PT)
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY

    def table(self, element, container, ctx: Ctx) -> None:
        rows = element.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
        if not rows:
            return
        spans = [
            [int(cell.get("colspan") or 1) for cell in row.xpath("./td | ./th")] for row in rows
        ]
        columns = max(sum(row) for row in spans) or 1
        percents = []
        for col in element.xpath("./colgroup/col | ./col"):
            found = [int(m.group(1)) for n in classes(col) if (m := WIDTH_CLASS.match(n))]
            percents.append(found[0] if found else None)
        if len(percents) != columns or None in percents:
            percents = [100 / columns] * columns
        widths = [ctx.width_mm * p / 100 for p in percents]

        names = classes(element)
        grid = "grid" in names
        keep_whole = "keep" in names  # a short table never split: each row kept with the next
        self.separate_from_table_above(container)
        table = container.add_table(rows=len(rows), cols=columns)
        if grid:
            self._grid_tables.add(table._tbl)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _set_borders(table, visible=grid)
        if grid:
            _set_cell_margins(table, top_pt=2, side_pt=CELL_MARGIN_PT)
        else:
            _set_cell_margins(table, top_pt=0, side_pt=2)
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Mm(width)
        header_rows = set(element.xpath("./thead/tr"))
        # Rows and cells are reached through their XML elements: python-docx's ``table.cell()``
        # rebuilds the whole grid on every call, which is quadratic on a 300-row list.
        for row, tr in zip(rows, table._tbl.tr_lst, strict=True):
            _row_flag(tr, "cantSplit")
            if row in header_rows:
                _row_flag(tr, "tblHeader")
            for tc, width in zip(tr.tc_lst, widths, strict=True):
                tc.width = Mm(width)
            c = 0  # the grid column of the cell
            for index, cell_element in enumerate(row.xpath("./td | ./th")):
                span = max(1, min(int(cell_element.get("colspan") or 1), columns - c))
                cell = _Cell(tr.tc_lst[index], table)
                if span > 1:  # the merged cells leave the row: index stays one per HTML cell
                    cell = cell.merge(_Cell(tr.tc_lst[index + span - 1], table))
                width = sum(widths[c : c + span])
                cell_names = classes(cell_element)
                is_header = cell_element.tag == "th"
                self._fresh_cells.add(cell._tc)
                cell_ctx = replace(
                    ctx,
                    width_mm=width,
                    in_grid=grid,
                    size=(HEADER_SIZE if is_header else GRID_SIZE) if grid else ctx.size,
                    bold=ctx.bold or is_header,
                    keep_with_next=row in header_rows or (keep_whole and row is not rows[-1]),
                    align="center"
                    if (is_header or cell_names & {"center", "number"})
                    else "left"
                    if "left" in cell_names
                    else (None if not grid else "left"),
                )
                self.children(cell_element, cell, cell_ctx)
                if cell._tc in self._fresh_cells:  # nothing written: size its empty line
                    self._fresh_cells.discard(cell._tc)
                    _mark_size(cell.paragraphs[0], cell_ctx.size)
                c += span


def html_to_docx(html: str) -> bytes:
    root = lxml_html.document_fromstring(html)
    document = new_document()
    Writer(document).children(root.body, document, Ctx())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
