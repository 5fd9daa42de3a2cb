"""A level's bundle carries the official documents rendered from the data, beside the uploads."""

import io

import pytest
from docx import Document
from pypdf import PdfReader

from campaigns.models import DocumentRequirement

from .conftest import attach, build, forwarded, open_zip

pytestmark = [pytest.mark.django_db, pytest.mark.with_documents]
ROOT = "QA - bieu-duong-2025"


def pdf_text(data: bytes) -> str:
    """The text with white space folded: a name in a narrow table column wraps."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def test_the_proposal_list_and_each_report_are_in_the_bundle(seed000):
    report = DocumentRequirement.objects.create(
        campaign=seed000.campaign, code="bao-cao", name="Báo cáo tóm tắt thành tích", copies=3)
    nominee = forwarded(seed000, full_name="Trần Thị Thu Hương")
    attach(nominee, "Báo cáo thành tích.pdf", report)
    archive = open_zip(build(seed000))
    for name in ("01 - Tờ trình.pdf", "01 - Tờ trình.docx", "02 - Danh sách trích ngang.pdf",
                 "02 - Danh sách trích ngang.docx"):
        assert f"{ROOT}/{name}" in archive.names, name
    proposal = pdf_text(archive.read(f"{ROOT}/01 - Tờ trình.pdf"))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in proposal
    assert "Trần Thị Thu Hương" in proposal
    folder = f"{ROOT}/01 - Trần Thị Thu Hương"
    assert "Trần Thị Thu Hương" in pdf_text(
        archive.read(f"{folder}/Báo cáo tóm tắt thành tích.pdf"))
    word = Document(io.BytesIO(archive.read(f"{folder}/Báo cáo tóm tắt thành tích.docx")))
    assert any("Trần Thị Thu Hương" in p.text for p in word.paragraphs) or any(
        "Trần Thị Thu Hương" in cell.text
        for table in word.tables for row in table.rows for cell in row.cells)
    # The upload is still there beside the rendered report.
    assert f"{folder}/Báo cáo tóm tắt thành tích/Báo cáo thành tích.pdf" in archive.names
