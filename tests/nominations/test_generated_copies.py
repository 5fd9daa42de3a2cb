"""A document the product writes (the achievement report from the typed summary) is attached in
one click as a generated copy; where the campaign asks for the signed copy, the generated one
does not complete the dossier until a scan is uploaded too."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import DocumentRequirement, GeneratedDocument
from nominations import evidence, services
from nominations.completeness import missing_by_nomination, missing_documents
from nominations.models import NominationState as S
from nominations.samples import sample_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("campaign_receiving", "media")]


def requirement(seed, *, signed: bool) -> DocumentRequirement:
    return DocumentRequirement.objects.create(
        campaign=seed.campaign,
        code="bao-cao",
        name="Báo cáo thành tích",
        generated_from=GeneratedDocument.ACHIEVEMENT_REPORT,
        signed_copy_required=signed,
    )


def draft(seed):
    return services.save_draft(
        seed.secretary_a1,
        seed.campaign,
        seed.tree.cell_a1,
        services.Draft(
            category=seed.members,
            person=seed.member(seed.tree.cell_a1),
            achievement_summary="Vận động 120 hộ tham gia mô hình.",
        ),
    )


class TestAGeneratedCopy:
    def test_attached_in_one_call_and_marked_generated(self, seed000):
        report = requirement(seed000, signed=False)
        nomination = draft(seed000)
        copy_ = evidence.attach_generated(seed000.secretary_a1, nomination, report)
        assert copy_.generated
        assert copy_.requirement == report
        assert copy_.content_type == "application/pdf"
        assert copy_.file.read(5) == b"%PDF-"
        assert missing_documents(nomination) == []
        assert services.submit(seed000.secretary_a1, nomination).state == S.PROPOSED

    def test_not_enough_where_the_signed_copy_is_asked_for(self, seed000):
        report = requirement(seed000, signed=True)
        nomination = draft(seed000)
        evidence.attach_generated(seed000.secretary_a1, nomination, report)
        assert missing_documents(nomination) == ["Báo cáo thành tích"]
        assert missing_by_nomination([nomination]) == {nomination.pk: ["Báo cáo thành tích"]}
        with pytest.raises(ValidationError) as caught:
            services.submit(seed000.secretary_a1, nomination)
        assert set(caught.value.message_dict) == {"documents"}
        scan = SimpleUploadedFile("ban-ky.pdf", sample_pdf("Bản có chữ ký"))
        evidence.attach_evidence(seed000.secretary_a1, nomination, scan, report)
        assert missing_documents(nomination) == []

    def test_a_document_the_product_does_not_write_is_refused(self, seed000):
        photos = DocumentRequirement.objects.create(
            campaign=seed000.campaign, code="anh", name="Ảnh"
        )
        with pytest.raises(ValidationError) as caught:
            evidence.attach_generated(seed000.secretary_a1, draft(seed000), photos)
        assert set(caught.value.message_dict) == {"requirement"}

    def test_only_the_filer_attaches_it(self, seed000):
        report = requirement(seed000, signed=False)
        from django.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied):
            evidence.attach_generated(seed000.staff_district_b, draft(seed000), report)


class TestOnTheForm:
    def test_one_click_saves_the_draft_and_attaches_the_copy(self, client, seed000):
        report = requirement(seed000, signed=True)
        nomination = draft(seed000)
        client.force_login(seed000.secretary_a1)
        edit = reverse("nominations:edit", args=[nomination.public_id])
        response = client.post(
            edit,
            {
                "category": seed000.members.pk,
                "person": nomination.person_id,
                "achievement_summary": "Tóm tắt mới.",
                "action": f"generate:{report.pk}",
            },
        )
        assert response.status_code == 302
        nomination.refresh_from_db()
        assert nomination.achievement_summary == "Tóm tắt mới."
        assert nomination.evidence.get().generated
        page = client.get(edit).content.decode()
        assert 'data-testid="signed-copy-needed"' in page
