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
        campaign=seed000.campaign, code="bao-cao", name="Báo cáo tóm tắt thành tích", copies=3
    )
    nominee = forwarded(seed000, full_name="Trần Thị Thu Hương")
    attach(nominee, "Báo cáo thành tích.pdf", report)
    archive = open_zip(build(seed000))
    for name in (
        "01 - Tờ trình.pdf",
        "01 - Tờ trình.docx",
        "02 - Danh sách trích ngang.pdf",
        "02 - Danh sách trích ngang.docx",
    ):
        assert f"{ROOT}/{name}" in archive.names, name
    proposal = pdf_text(archive.read(f"{ROOT}/01 - Tờ trình.pdf"))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in proposal
    assert "Trần Thị Thu Hương" in proposal
    folder = f"{ROOT}/01 - Trần Thị Thu Hương"
    assert "Trần Thị Thu Hương" in pdf_text(
        archive.read(f"{folder}/Báo cáo tóm tắt thành tích.pdf")
    )
    word = Document(io.BytesIO(archive.read(f"{folder}/Báo cáo tóm tắt thành tích.docx")))
    assert any("Trần Thị Thu Hương" in p.text for p in word.paragraphs) or any(
        "Trần Thị Thu Hương" in cell.text
        for table in word.tables
        for row in table.rows
        for cell in row.cells
    )
    # The upload is still there beside the rendered report.
    assert f"{folder}/Báo cáo tóm tắt thành tích/Báo cáo thành tích.pdf" in archive.names


def test_each_document_is_read_once_for_its_pdf_and_its_word_file(seed000, monkeypatch):
    from dossiers.documents import context

    forwarded(seed000, full_name="Trần Thị Thu Hương")
    forwarded(seed000, full_name="Lê Văn Ánh")
    reads = []
    for name in ("achievement_report", "proposal", "nominee_list"):
        original = getattr(context, name)
        monkeypatch.setattr(
            context,
            name,
            lambda *args, name=name, original=original: reads.append(name) or original(*args),
        )
    archive = open_zip(build(seed000))
    assert sorted(reads) == ["achievement_report", "achievement_report", "nominee_list", "proposal"]
    assert f"{ROOT}/02 - Trần Thị Thu Hương/Báo cáo tóm tắt thành tích.docx" in archive.names


def test_in_parts_the_documents_are_the_same(seed000, monkeypatch):
    from django.test import TestCase

    from dossiers.bundles import services, tasks

    forwarded(seed000, full_name="Trần Thị Thu Hương")
    whole = open_zip(build(seed000))
    monkeypatch.setattr(tasks, "NOMINEES_PER_PART", 1)
    with TestCase.captureOnCommitCallbacks(execute=False):
        bundle = services.request_bundle(
            seed000.staff_district_a, seed000.campaign, seed000.tree.district_a
        )
    assert tasks.build_bundle.apply(args=[bundle.pk], kwargs={"split": True}).get() == "done"
    bundle.refresh_from_db()
    in_parts = open_zip(bundle)
    assert in_parts.names == whole.names
    for name in whole.names:
        if name.endswith((".pdf", ".txt")):
            assert in_parts.read(name) == whole.read(name), name
