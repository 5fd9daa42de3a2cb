"""The nomination form takes the dossier's documents with the draft, shows what is present and
what is missing, and "Save and submit" is refused, naming each missing document, until the
dossier is complete. A refused file is refused at its document, and the draft keeps the rest."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import DocumentRequirement
from nominations.models import Evidence, Nomination
from nominations.models import NominationState as S
from nominations.samples import sample_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("campaign_receiving", "media")]

SUMMARY = "Ba năm liền hoàn thành xuất sắc nhiệm vụ."


@pytest.fixture
def en(client, settings):
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def required(seed000):
    """The achievement report (required) and photos (optional), for every category."""
    report = DocumentRequirement.objects.create(
        campaign=seed000.campaign, code="bao-cao", name="Báo cáo thành tích"
    )
    photos = DocumentRequirement.objects.create(
        campaign=seed000.campaign, code="anh", name="Hình ảnh", required=False
    )
    return report, photos


def pdf(name="bao-cao.pdf"):
    return SimpleUploadedFile(name, sample_pdf(name))


def form_data(person, category, action, **files):
    return {
        "category": category.pk,
        "person": person.pk,
        "achievement_summary": SUMMARY,
        "action": action,
        **files,
    }


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def field(requirement) -> str:
    return f"document_{requirement.pk}"


class TestSendingAnIncompleteDossier:
    def test_refused_naming_the_missing_document_and_the_draft_kept(self, en, seed000, required):
        _report, _photos = required
        person = seed000.member(seed000.tree.cell_a1)
        en.force_login(seed000.secretary_a1)
        create = reverse("nominations:create", args=[seed000.campaign.code])
        response = en.post(create, form_data(person, seed000.members, "submit"))
        assert response.status_code == 200
        nomination = Nomination.objects.get(person=person)
        assert nomination.state == S.DRAFT
        assert nomination.achievement_summary == SUMMARY
        body = response.content.decode()
        assert "Required documents are missing: Báo cáo thành tích." in body
        assert messages_of(response) == ["The draft was saved, but it was not submitted."]
        rows = response.context["documents"].rows
        assert [(r.requirement.code, r.present) for r in rows] == [
            ("bao-cao", False),
            ("anh", False),
        ]

    def test_completed_and_sent_on_the_same_page(self, en, seed000, required):
        report, _photos = required
        person = seed000.member(seed000.tree.cell_a1)
        en.force_login(seed000.secretary_a1)
        create = reverse("nominations:create", args=[seed000.campaign.code])
        en.post(create, form_data(person, seed000.members, "submit"))
        nomination = Nomination.objects.get(person=person)
        edit = reverse("nominations:edit", args=[nomination.public_id])
        response = en.post(
            edit,
            form_data(
                person,
                seed000.members,
                "submit",
                **{field(report): [pdf("a.pdf"), pdf("b.pdf")]},
            ),
        )
        assert response.status_code == 302
        nomination.refresh_from_db()
        assert nomination.state == S.PROPOSED
        assert sorted(nomination.evidence.values_list("original_name", flat=True)) == [
            "a.pdf",
            "b.pdf",
        ]


class TestARefusedFile:
    def test_refused_at_its_document_and_the_rest_kept(self, en, seed000, required):
        report, photos = required
        person = seed000.member(seed000.tree.cell_a1)
        en.force_login(seed000.secretary_a1)
        create = reverse("nominations:create", args=[seed000.campaign.code])
        files = {
            field(report): pdf("bc.pdf"),
            field(photos): SimpleUploadedFile("virus.exe", b"MZ\x90\x00" * 10),
        }
        response = en.post(create, form_data(person, seed000.members, "submit", **files))
        assert response.status_code == 200
        nomination = Nomination.objects.get(person=person)
        assert nomination.state == S.DRAFT
        assert nomination.achievement_summary == SUMMARY
        assert list(nomination.evidence.values_list("original_name", flat=True)) == ["bc.pdf"]
        errors = response.context["documents"].form.errors
        assert list(errors) == [field(photos)]
        assert errors[field(photos)][0].startswith("virus.exe: ")

    def test_over_the_limit_refused_at_its_field(self, en, seed000, required, settings):
        settings.EVIDENCE_MAX_BYTES = 100
        report, _photos = required
        person = seed000.member(seed000.tree.cell_a1)
        en.force_login(seed000.secretary_a1)
        create = reverse("nominations:create", args=[seed000.campaign.code])
        response = en.post(
            create, form_data(person, seed000.members, "save", **{field(report): pdf()})
        )
        assert response.status_code == 200
        assert list(response.context["documents"].form.errors) == [field(report)]
        assert not Evidence.objects.unscoped("test").exists()
        assert Nomination.objects.get(person=person).state == S.DRAFT


class TestTheDocumentsFollowTheCategory:
    def test_the_form_lists_the_category_documents(self, en, seed000, required):
        DocumentRequirement.objects.create(
            campaign=seed000.campaign,
            category=seed000.secretaries,
            code="bien-ban",
            name="Biên bản họp chi bộ",
        )
        en.force_login(seed000.secretary_a1)
        create = reverse("nominations:create", args=[seed000.campaign.code])
        blank = en.get(create).context["documents"]
        assert [r.requirement.code for r in blank.rows] == ["bao-cao", "anh"]
        chosen = en.get(create, {"category": seed000.secretaries.pk}, HTTP_HX_REQUEST="true")
        assert [r.requirement.code for r in chosen.context["documents"].rows] == [
            "bao-cao",
            "anh",
            "bien-ban",
        ]
