"""Files of every kind, as bytes and as uploads, and a private MEDIA_ROOT for each test."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from campaigns.models import DocumentRequirement
from nominations import evidence as services
from nominations import services as workflow
from nominations.models import NominationState as S
from nominations.samples import sample_pdf
from tests.workflow_fixtures import BEFORE

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40


def docx_bytes(parts=("[Content_Types].xml", "word/document.xml"), extra=()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in (*parts, *extra):
            archive.writestr(name, "<?xml version='1.0'?><x/>")
    return buffer.getvalue()


def pdf_bytes(title="Quyết định công nhận") -> bytes:
    return sample_pdf(title)


def upload(name: str, data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes() if data is None else data)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploads land in the test's own directory, never under var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def en(client, settings):
    """Assertions read the English msgids; the Vietnamese comes from the translation file."""
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def documents(seed000):
    """Seed 000 asking, for every category, the achievement report (required) and photos
    (optional), and for the secretaries' category only, the cell's minutes."""
    campaign = seed000.campaign
    report = DocumentRequirement.objects.create(
        campaign=campaign, code="bao-cao-thanh-tich", name="Báo cáo tóm tắt thành tích"
    )
    photos = DocumentRequirement.objects.create(
        campaign=campaign, code="hinh-anh", name="Hình ảnh hoạt động", required=False
    )
    minutes = DocumentRequirement.objects.create(
        campaign=campaign,
        category=seed000.secretaries,
        code="bien-ban",
        name="Biên bản họp chi bộ",
        copies=2,
    )
    return report, photos, minutes


def draft_of(seed000, person=None):
    person = person or seed000.member(seed000.tree.cell_a1)
    return workflow.save_draft(
        seed000.secretary_a1,
        seed000.campaign,
        seed000.tree.cell_a1,
        workflow.Draft(
            category=seed000.members,
            person=person,
            achievement_summary="Gương mẫu, nhiều sáng kiến.",
        ),
    )


def proposed_with(seed000, *requirements, name="Báo cáo thành tích.pdf"):
    """A nomination of cell A1 carrying a file for each of ``requirements``, submitted to the
    ward (grassroots) committee.

    ``submit`` refuses a dossier with a required document missing; a required document left
    out here is one the campaign came to ask for after the submission (what the appraisal then
    finds missing)."""
    nomination = draft_of(seed000)
    for requirement in requirements:
        services.attach_evidence(seed000.secretary_a1, nomination, upload(name), requirement)
    later = DocumentRequirement.objects.filter(campaign=seed000.campaign, required=True).exclude(
        pk__in=[r.pk for r in requirements if r is not None]
    )
    asked_later = list(later.values_list("pk", flat=True))
    DocumentRequirement.objects.filter(pk__in=asked_later).update(required=False)
    nomination = workflow.submit(seed000.secretary_a1, nomination, now=BEFORE)
    DocumentRequirement.objects.filter(pk__in=asked_later).update(required=True)
    assert nomination.state == S.PROPOSED
    return nomination
