"""Mẫu 1 and the danh sách trích ngang, like the achievement report, are attached in one click
from the nomination's form as generated copies: written from what the nomination holds (the
nominee's name in the PDF's text), counted by the dossier, or not while the campaign asks for
the signed copy; the seeds ask for them where an office would attach them."""

import json
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import DocumentRequirement, GeneratedDocument, NomineeKind
from committees.models import Role, UnitKind
from nominations import evidence, generated, services
from nominations.completeness import missing_documents
from nominations.models import Evidence
from nominations.models import NominationState as S
from nominations.samples import sample_pdf
from tests.dossiers.documents.helpers import pdf_text
from tests.factories import CategoryFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("campaign_receiving")]

FIXTURES = Path(django_settings.BASE_DIR) / "fixtures" / "campaigns"


def requirement(seed, key, name, *, signed: bool) -> DocumentRequirement:
    return DocumentRequirement.objects.create(
        campaign=seed.campaign,
        code=key.replace("_", "-"),
        name=name,
        generated_from=key,
        signed_copy_required=signed,
    )


def click(client, nomination, requirement, data: dict):
    """The filer's "attach the generated copy" button on the nomination's form."""
    edit = reverse("nominations:edit", args=[nomination.public_id])
    response = client.post(edit, {**data, "action": f"generate:{requirement.pk}"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(edit).content.decode()


def attached(nomination, requirement) -> Evidence:
    copy_ = nomination.evidence.get(requirement=requirement)
    assert copy_.generated
    assert copy_.content_type == "application/pdf"
    return copy_


class TestTheNomineeList:
    """Danh sách trích ngang of the one nominee, issued by the filing unit."""

    def draft(self, seed000):
        person = seed000.member(
            seed000.tree.cell_a1, full_name="Phạm Thị Dung", position="Tổ trưởng tổ dân phố"
        )
        return services.save_draft(
            seed000.secretary_a1,
            seed000.campaign,
            seed000.tree.cell_a1,
            services.Draft(
                category=seed000.members,
                person=person,
                achievement_summary="Vận động 120 hộ tham gia mô hình.",
            ),
        )

    def form(self, seed000, nomination):
        return {
            "category": seed000.members.pk,
            "person": nomination.person_id,
            "achievement_summary": "Vận động 120 hộ tham gia mô hình.",
        }

    def test_one_click_attaches_it_and_the_dossier_counts_it(self, client, seed000):
        listed = requirement(seed000, "danh_sach", "Danh sách trích ngang", signed=False)
        nomination = self.draft(seed000)
        assert missing_documents(nomination) == ["Danh sách trích ngang"]
        client.force_login(seed000.secretary_a1)

        page = click(client, nomination, listed, self.form(seed000, nomination))

        copy_ = attached(nomination, listed)
        text = pdf_text(copy_.file.read())
        assert "DANH SÁCH TRÍCH NGANG" in text
        assert "Phạm Thị Dung" in text
        assert "Tổ trưởng tổ dân phố" in text
        assert "Vận động 120 hộ tham gia mô hình." in text
        assert "Danh sách có 01 cá nhân." in text
        assert missing_documents(nomination) == []
        assert 'data-testid="generated-copy"' in page
        assert 'data-testid="signed-copy-needed"' not in page
        assert services.submit(seed000.secretary_a1, nomination).state == S.PROPOSED

    def test_only_this_nominee_is_listed(self, seed000):
        other = seed000.file(seed000.member(seed000.tree.cell_a1, full_name="Lê Văn Tám"))
        listed = requirement(seed000, "danh_sach", "Danh sách trích ngang", signed=False)
        nomination = self.draft(seed000)

        copy_ = evidence.attach_generated(seed000.secretary_a1, nomination, listed)

        text = pdf_text(copy_.file.read())
        assert "Phạm Thị Dung" in text
        assert other.nominee_name not in text

    def test_where_the_signed_copy_is_asked_the_generated_one_does_not_count(self, client, seed000):
        listed = requirement(seed000, "danh_sach", "Danh sách trích ngang", signed=True)
        nomination = self.draft(seed000)
        client.force_login(seed000.secretary_a1)

        page = click(client, nomination, listed, self.form(seed000, nomination))

        attached(nomination, listed)
        assert missing_documents(nomination) == ["Danh sách trích ngang"]
        assert 'data-testid="signed-copy-needed"' in page
        scan = SimpleUploadedFile("ban-ky.pdf", sample_pdf("Danh sách có chữ ký"))
        evidence.attach_evidence(seed000.secretary_a1, nomination, scan, listed)
        assert missing_documents(nomination) == []


class TestTheRegistrationForm:
    """Mẫu 1 of a cell nominated as a collective: its registration of the four criteria."""

    def setup(self, seed000):
        seed000.campaign.filing_kinds = [UnitKind.DANG_UY_CO_SO]
        seed000.campaign.save()
        cells = CategoryFactory(
            campaign=seed000.campaign,
            code="chi-bo",
            name="Chi bộ tiêu biểu",
            nominee_kind=NomineeKind.COLLECTIVE,
        )
        staff = UserFactory(unit=seed000.tree.grassroots_a, role=Role.STAFF)
        nomination = services.save_draft(
            staff,
            seed000.campaign,
            seed000.tree.grassroots_a,
            services.Draft(
                category=cells,
                collective=seed000.tree.cell_a2,
                achievement_summary="Chi bộ đoàn kết, hoàn thành xuất sắc nhiệm vụ.",
            ),
        )
        form = {
            "category": cells.pk,
            "collective": seed000.tree.cell_a2.pk,
            "achievement_summary": "Chi bộ đoàn kết, hoàn thành xuất sắc nhiệm vụ.",
        }
        return staff, nomination, form

    def test_one_click_attaches_it_and_the_dossier_counts_it(self, client, seed000):
        form_1 = requirement(seed000, "mau_1", "Bản đăng ký thi đua (Mẫu 1)", signed=False)
        staff, nomination, form = self.setup(seed000)
        client.force_login(staff)

        click(client, nomination, form_1, form)

        text = pdf_text(attached(nomination, form_1).file.read())
        assert "ĐĂNG KÝ" in text.upper()
        assert seed000.tree.cell_a2.name in text  # "Chi bộ khu vực 2"
        assert "Chi bộ bốn tốt" in text
        assert missing_documents(nomination) == []

    def test_where_the_signed_copy_is_asked_the_generated_one_does_not_count(self, client, seed000):
        form_1 = requirement(seed000, "mau_1", "Bản đăng ký thi đua (Mẫu 1)", signed=True)
        staff, nomination, form = self.setup(seed000)
        client.force_login(staff)

        page = click(client, nomination, form_1, form)

        attached(nomination, form_1)
        assert missing_documents(nomination) == ["Bản đăng ký thi đua (Mẫu 1)"]
        assert 'data-testid="signed-copy-needed"' in page

    def test_a_person_has_no_registration_form_the_refusal_is_at_the_document(
        self, client, seed000
    ):
        form_1 = requirement(seed000, "mau_1", "Bản đăng ký thi đua (Mẫu 1)", signed=False)
        nomination = TestTheNomineeList().draft(seed000)
        client.force_login(seed000.secretary_a1)
        edit = reverse("nominations:edit", args=[nomination.public_id])

        response = client.post(
            edit,
            {
                **TestTheNomineeList().form(seed000, nomination),
                "action": f"generate:{form_1.pk}",
            },
        )

        assert response.status_code == 200
        assert "Mẫu 1" in response.content.decode()
        assert not nomination.evidence.exists()


class TestTheSeeds:
    def documents(self, filename):
        data = json.loads((FIXTURES / filename).read_text(encoding="utf-8"))
        return {d["code"]: d for d in data["documents"]}

    def test_seed_004_asks_each_dossier_for_its_danh_sach_trich_ngang(self):
        listed = self.documents("004-so-ket-01-kltw-2023.json")["danh-sach-trich-ngang"]
        assert listed["required"] and listed["generated_from"] == GeneratedDocument.NOMINEE_LIST
        assert (listed["copies"], listed["copies_to_superior"]) == (2, 3)
        assert generated.available(listed["generated_from"])

    def test_seed_001_offers_the_cell_registration_form_signed(self):
        form_1 = self.documents("001-chi-bo-bon-tot-2022-2027.json")["dang-ky-thi-dua"]
        assert form_1["generated_from"] == GeneratedDocument.FORM_1
        assert form_1["signed_copy_required"] and not form_1["required"]
        assert generated.available(form_1["generated_from"])

    def test_every_generated_document_of_the_seeds_can_be_written(self):
        keys = {
            d["generated_from"]
            for path in FIXTURES.glob("*.json")
            for d in json.loads(path.read_text(encoding="utf-8"))["documents"]
            if d["generated_from"]
        }
        assert keys == {choice.value for choice in GeneratedDocument}
        assert all(generated.available(key) for key in keys)
