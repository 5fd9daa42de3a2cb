"""Word files carry the same words as the PDF (they are written from the same HTML), on an A4
page in the Party's margins; the spreadsheet of the list never runs a formula."""

import io

from docx import Document as WordDocument
from docx.oxml.ns import qn
from openpyxl import load_workbook

from dossiers.documents import context, rendering
from dossiers.documents.docx import html_to_docx

from .conftest import HUONG
from .helpers import docx_text, pdf_text

SHARED = (
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "ĐẢNG BỘ THÀNH PHỐ CẦN THƠ",
    "QUẬN ỦY NINH KIỀU",
    "Ninh Kiều, ngày 07 tháng 02 năm 2025",
    HUONG,
)


def test_the_proposal_memo_in_word_says_what_the_pdf_says(district_docs):
    document = context.proposal(
        district_docs.seed.campaign,
        district_docs.district,
        district_docs.seed.staff_district_a,
        district_docs.details(),
    )
    word = docx_text(rendering.to_docx(document))
    for expected in (
        *SHARED,
        "TỜ TRÌNH",
        "Số 12-TTr/QU",
        "10% × 2 = 1",
        "Nơi nhận:",
        "T/M BAN THƯỜNG VỤ",
        "PHÓ BÍ THƯ",
        "Nguyễn Văn Ký",
    ):
        assert expected in word, expected
    assert pdf_text(rendering.to_pdf(document)).replace(" ", "") == word.replace(" ", "")


def test_the_word_page_is_a4_in_the_party_margins(district_docs):
    document = context.nominee_list(
        district_docs.seed.campaign,
        district_docs.district,
        district_docs.seed.staff_district_a,
        district_docs.details(),
    )
    word = WordDocument(io.BytesIO(rendering.to_docx(document)))
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [
        round(m.mm)
        for m in (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ] == [20, 20, 30, 15]
    normal = word.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "Times New Roman"
    # Page numbers from page 2: a first-page header of its own, a PAGE field in the other.
    assert section.different_first_page_header_footer
    assert 'w:instr="PAGE"' in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml


def test_the_letterhead_is_a_two_column_table_without_borders(district_docs):
    document = context.proposal(
        district_docs.seed.campaign,
        district_docs.district,
        district_docs.seed.staff_district_a,
        district_docs.details(),
    )
    word = WordDocument(io.BytesIO(rendering.to_docx(document)))
    letterhead, nominees = word.tables[0], word.tables[1]
    assert len(letterhead.columns) == 2
    assert letterhead.cell(0, 0).text.split("\n")[:2] == [
        "ĐẢNG BỘ THÀNH PHỐ CẦN THƠ",
        "QUẬN ỦY NINH KIỀU",
    ]
    borders = letterhead._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}
    assert {edge.get(qn("w:val")) for edge in nominees._tbl.tblPr.find(qn("w:tblBorders"))} == {
        "single"
    }
    party = letterhead.cell(0, 1).paragraphs[0].runs[0]
    assert party.text == "ĐẢNG CỘNG SẢN VIỆT NAM" and party.bold and party.underline
    assert [round(c.width.mm, 1) for c in letterhead.rows[0].cells] == [82.5, 82.5]


def test_the_summary_list_and_the_reports_in_word(district_docs):
    docs = district_docs
    summary = docx_text(
        rendering.to_docx(
            context.nominee_list(
                docs.seed.campaign, docs.district, docs.seed.staff_district_a, docs.details()
            )
        )
    )
    for expected in (*SHARED, "DANH SÁCH TRÍCH NGANG", "Số điện thoại", "0912345678"):
        assert expected in summary, expected
    nomination = docs.forwarded
    report = docx_text(
        rendering.to_docx(
            context.achievement_report(
                nomination, context.Details(**context.report_defaults(nomination))
            )
        )
    )
    for expected in (
        "BÁO CÁO TÓM TẮT THÀNH TÍCH",
        f"của đồng chí {HUONG}",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "Gương mẫu, nhiều sáng kiến ở khu vực.",
    ):
        assert expected in report, expected


def test_the_converter_keeps_formatting_line_breaks_and_spans():
    html = (
        '<html><body><p class="center">Một <b>đậm <i>nghiêng</i></b><br>dòng hai</p>'
        '<table class="grid"><tr><td colspan="2">Gộp</td></tr>'
        "<tr><td>A</td><td>B</td></tr></table></body></html>"
    )
    word = WordDocument(io.BytesIO(html_to_docx(html)))
    paragraph = word.paragraphs[0]
    assert paragraph.text == "Một đậm nghiêng\ndòng hai"
    bold_italic = next(r for r in paragraph.runs if r.text == "nghiêng")
    assert bold_italic.bold and bold_italic.italic
    table = word.tables[0]
    assert table.cell(0, 0).text == "Gộp" and table.cell(0, 1).text == "Gộp"
    assert (table.cell(1, 0).text, table.cell(1, 1).text) == ("A", "B")


def test_the_spreadsheet_of_the_list_neutralises_formulas(district_docs):
    nomination = district_docs.forwarded
    nomination.achievement_summary = '=HYPERLINK("http://evil.example","Bấm vào đây")'
    nomination.save()
    document = context.nominee_list(
        district_docs.seed.campaign,
        district_docs.district,
        district_docs.seed.staff_district_a,
        district_docs.details(),
    )
    sheet = load_workbook(io.BytesIO(rendering.to_xlsx(document))).active
    values = {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value}
    assert "DANH SÁCH TRÍCH NGANG" in values and "QUẬN ỦY NINH KIỀU" in values
    header = [c.value for c in sheet[6]]
    assert header == [
        "STT",
        "Họ và tên",
        "Chức danh",
        "Đơn vị",
        "Tóm tắt thành tích",
        "Số điện thoại",
    ]
    row = [c.value for c in sheet[7]]
    assert row[:4] == [1, HUONG, "Bí thư chi bộ", "Chi bộ khu vực 1"]
    cell = sheet.cell(row=7, column=5)
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://evil.example","Bấm vào đây")'  # never altered
    assert cell.quotePrefix
    assert not any(c.data_type == "f" for r in sheet.iter_rows() for c in r)


def test_the_spreadsheet_shows_every_line_of_a_summary_as_typed(district_docs):
    """ "- Chủ nhiệm…" keeps its dash and no apostrophe; a summary of several lines wraps in a
    row high enough for all of them; the sheet prints on A4 landscape, one page wide, with the
    header row on every page and frozen on screen."""
    nomination = district_docs.forwarded
    nomination.achievement_summary = (
        "- Chủ nhiệm Ủy ban kiểm tra Đảng ủy phường nhiệm kỳ 2020 - 2025.\n"
        "- Ba năm liền hoàn thành xuất sắc nhiệm vụ.\n"
        "- Vận động nhân dân hiến đất làm đường, xây dựng khu vực văn minh đô thị."
    )
    nomination.save()
    document = context.nominee_list(
        district_docs.seed.campaign,
        district_docs.district,
        district_docs.seed.staff_district_a,
        district_docs.details(),
    )
    sheet = load_workbook(io.BytesIO(rendering.to_xlsx(document))).active
    cell = sheet.cell(row=7, column=5)
    assert cell.value == nomination.achievement_summary
    assert not cell.quotePrefix
    assert cell.alignment.wrap_text
    assert sheet.row_dimensions[7].height >= 3 * 12 * 1.2
    assert sheet.freeze_panes == "A7"
    assert sheet.print_title_rows == "$6:$6"
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage


def test_a_page_break_is_the_next_blocks_break_before_never_a_paragraph_of_its_own():
    """A paragraph holding only a break, landing at the top of a page whose predecessor was
    full, left that page blank (the decision's annex came out on page 3 of 3)."""
    html = (
        '<p>Điều 3. Thi hành.</p><div class="page-break"></div>'
        "<p>DANH SÁCH</p><table><tr><td>1</td></tr></table>"
        '<div class="page-break"></div><table><tr><td>Giấy mời</td></tr></table>'
    )
    body = WordDocument(io.BytesIO(html_to_docx(html))).element.body
    assert not body.findall(".//" + qn("w:br")), "a break paragraph was written"
    befores = [
        "".join(t.text or "" for t in p.iter(qn("w:t")))
        for p in body.iter(qn("w:p"))
        if p.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None
    ]
    assert befores == ["DANH SÁCH", "Giấy mời"]
