"""Seed 002: "báo cáo thành tích tối đa 02 trang A4". The report is rendered and its pages
counted; the limit and the form are chosen per campaign code in the registry file."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import get_template
from django.utils import translation
from docx import Document
from pypdf import PdfWriter

from core.downloads import DOCX_CONTENT_TYPE
from dossiers.documents import forms_registry
from dossiers.documents.checks import (
    achievement_report_page_count,
    check_campaign_report_length,
    check_report_length,
    check_uploaded_report_length,
)
from nominations import services
from nominations.evidence import attach_evidence
from tests.seed_fixtures import BEFORE_002

PARAGRAPH = (
    "Chủ động tham mưu, tổ chức thực hiện có hiệu quả các nhiệm vụ được giao; tích cực "
    "học tập, nghiên cứu, ứng dụng sáng kiến vào công việc, được cán bộ, đảng viên và "
    "Nhân dân tin tưởng."
)


def with_paragraphs(nomination, count: int):
    nomination.achievement_summary = "\n\n".join([PARAGRAPH] * count)
    return nomination


def first_count_making(nomination, pages: int) -> int:
    """The fewest paragraphs of summary that make the report ``pages`` long (binary search)."""
    low, high = 1, 60
    while low < high:
        middle = (low + high) // 2
        if achievement_report_page_count(with_paragraphs(nomination, middle)) >= pages:
            high = middle
        else:
            low = middle + 1
    return low


@pytest.fixture
def huong(district_docs):
    return district_docs.forwarded


def test_a_short_report_is_one_page(huong):
    assert achievement_report_page_count(huong) == 1
    assert check_report_length(huong, 2) is None


def test_the_two_page_limit_at_its_boundary(huong):
    three = first_count_making(huong, 3)
    just_fitting = with_paragraphs(huong, three - 1)
    assert achievement_report_page_count(just_fitting) == 2
    assert check_report_length(just_fitting, 2) is None
    one_more = with_paragraphs(huong, three)
    assert achievement_report_page_count(one_more) == 3
    with translation.override("en"):
        message = check_report_length(one_more, 2)
    assert message is not None
    assert "3 A4 pages" in message and "at most 2 pages" in message


def test_the_limit_is_the_campaigns(huong):
    with_paragraphs(huong, 40)
    assert check_campaign_report_length(huong) is None  # seed 000 sets no limit
    huong.campaign.report_max_pages = 2  # as seed 002's configuration sets it
    assert forms_registry.report_page_limit(huong.campaign) == 2
    assert check_campaign_report_length(huong) is not None


def test_seed_004_uses_mau_07_and_the_others_the_plain_form(huong):
    campaign = huong.campaign
    assert forms_registry.achievement_template(campaign) == "documents/achievement/plain.html"
    campaign.achievement_form = "mau_07_nd91_2017"  # as seed 004's configuration sets it
    assert forms_registry.achievement_template(campaign) == (
        "documents/achievement/mau_07_nd91_2017.html"
    )


def test_the_forms_are_the_templates_with_their_titles():
    forms = forms_registry.available_forms()
    assert forms["plain"] == "Báo cáo tóm tắt thành tích"
    assert forms["mau_07_nd91_2017"] == "Mẫu 07, Nghị định 91/2017/NĐ-CP"
    for name in forms:
        get_template(f"documents/achievement/{name}.html")


def test_an_unknown_form_falls_back_to_the_plain_one(huong):
    huong.campaign.achievement_form = "khong-co"
    assert forms_registry.achievement_template(huong.campaign) == (
        "documents/achievement/plain.html"
    )


@pytest.mark.django_db
def test_submission_is_refused_with_the_page_count_when_the_report_is_too_long(seed000):
    """Wired into submission: a seed-002 campaign refuses a 3-page report at the summary field,
    and the draft stays a draft."""
    from django.core.exceptions import ValidationError

    from nominations import services
    from nominations.models import NominationState
    from tests.workflow_fixtures import BEFORE

    seed000.campaign.report_max_pages = 2  # seed 002's rule
    seed000.campaign.save()
    person = seed000.member(seed000.tree.cell_a1)
    draft = services.Draft(
        category=seed000.members, person=person, achievement_summary="\n\n".join([PARAGRAPH] * 40)
    )
    nomination = services.save_draft(
        seed000.secretary_a1, seed000.campaign, seed000.tree.cell_a1, draft
    )
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.submit(seed000.secretary_a1, nomination, now=BEFORE)
    assert "achievement_summary" in error.value.error_dict
    assert "A4 pages" in str(error.value)
    nomination.refresh_from_db()
    assert nomination.state == NominationState.DRAFT
    nomination.achievement_summary = PARAGRAPH
    nomination.save()
    assert (
        services.submit(seed000.secretary_a1, nomination, now=BEFORE).state
        == NominationState.PROPOSED
    )


def pdf_of_pages(count: int) -> bytes:
    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class TestTheUploadedReport:
    """Seed 002's two pages hold for the report the unit uploads, not only the rendered one."""

    @pytest.fixture
    def draft(self, filing_002, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        unit = filing_002.tree.grassroots_a
        person = filing_002.person(filing_002.tree.cell_a1)
        return filing_002, filing_002.draft(unit, person=person)

    def attach(self, seed, nomination, name, data, content_type="application/pdf"):
        requirement = seed.campaign.document_requirements.get(code="bao-cao-tom-tat-thanh-tich")
        upload = SimpleUploadedFile(name, data, content_type=content_type)
        attach_evidence(seed.filer_of(nomination.filing_unit), nomination, upload, requirement)

    def test_a_three_page_upload_is_refused_at_submission(self, draft):
        seed, nomination = draft
        self.attach(seed, nomination, "bao-cao.pdf", pdf_of_pages(3))
        with translation.override("en"), pytest.raises(ValidationError) as refused:
            services.submit(seed.filer_of(nomination.filing_unit), nomination, now=BEFORE_002)
        message = " ".join(refused.value.messages)
        assert "“bao-cao.pdf” is 3 A4 pages long" in message
        assert "at most 2 pages" in message

    def test_a_two_page_upload_passes(self, draft):
        seed, nomination = draft
        self.attach(seed, nomination, "bao-cao.pdf", pdf_of_pages(2))
        assert check_uploaded_report_length(nomination) is None

    def test_a_word_file_is_asked_for_as_a_pdf(self, draft):
        seed, nomination = draft
        word = Document()
        word.add_paragraph("Báo cáo thành tích")
        buffer = io.BytesIO()
        word.save(buffer)
        self.attach(seed, nomination, "bao-cao.docx", buffer.getvalue(), DOCX_CONTENT_TYPE)
        with translation.override("en"):
            message = check_uploaded_report_length(nomination)
        assert message is not None and "must be uploaded as a PDF" in message
