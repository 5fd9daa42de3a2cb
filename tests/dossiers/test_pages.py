"""The documents on the nomination page: the list of what is asked with ✓/✗, uploading, the
download that checks who may see the nomination, removing, and the appraise button that waits
for the required documents."""

import re
from urllib.parse import quote

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from core.downloads import content_disposition
from nominations import evidence as services
from nominations import services as workflow
from nominations.models import Evidence
from nominations.models import NominationState as S
from tests.factories import UnitFactory, UserFactory
from tests.workflow_fixtures import BEFORE

from .conftest import JPEG_BYTES, PNG_BYTES, draft_of, pdf_bytes, proposed_with, upload

pytestmark = pytest.mark.django_db

VIETNAMESE_NAME = "Quyết định công nhận đảng viên.pdf"


def detail_url(nomination):
    return reverse("nominations:detail", args=[nomination.public_id])


def upload_url(nomination):
    return reverse("evidence:upload", args=[nomination.public_id])


def download_url(evidence):
    return reverse("evidence:download", args=[evidence.public_id])


def remove_url(evidence):
    return reverse("evidence:remove", args=[evidence.public_id])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def shown_requirements(body: str) -> dict[str, str]:
    """requirement code → "yes"/"no" (present or not), as the page marks them."""
    return dict(re.findall(r'data-requirement="([\w-]+)" data-present="(yes|no)"', body))


def body_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def content_of(response) -> bytes:
    """The streamed file; reading it to the end closes it (the test client's wrapper does)."""
    return b"".join(response.streaming_content)


class TestTheSection:
    def test_each_document_present_or_missing(self, en, seed000, documents):
        report, _photos, _minutes = documents
        nomination = draft_of(seed000)
        services.attach_evidence(seed000.secretary_a1, nomination, upload(VIETNAMESE_NAME), report)
        en.force_login(seed000.secretary_a1)
        body = body_of(en.get(detail_url(nomination)))
        # The minutes are asked of the secretaries' category only.
        assert shown_requirements(body) == {"bao-cao-thanh-tich": "yes", "hinh-anh": "no"}
        assert "Hình ảnh hoạt động" in body and "optional" in body
        assert 'data-testid="missing-documents"' not in body
        file_row = body.split('data-testid="evidence-file"', 1)[1].split("</li>", 1)[0]
        assert VIETNAMESE_NAME in file_row
        assert download_url(nomination.evidence.get()) in file_row
        assert "PDF · " in file_row
        assert f"attached by {seed000.secretary_a1.get_full_name()} at " in file_row

    def test_the_missing_required_ones_are_named(self, en, seed000, documents):
        nomination = draft_of(seed000)
        en.force_login(seed000.secretary_a1)
        body = body_of(en.get(detail_url(nomination)))
        assert shown_requirements(body) == {"bao-cao-thanh-tich": "no", "hinh-anh": "no"}
        missing = body.split('data-testid="missing-documents"', 1)[1].split("</div>", 1)[0]
        assert "Required documents are missing:" in missing
        assert "Báo cáo tóm tắt thành tích" in missing
        assert "Hình ảnh" not in missing  # optional

    def test_the_filer_of_a_draft_gets_the_upload_form(self, en, seed000, documents):
        en.force_login(seed000.secretary_a1)
        response = en.get(detail_url(draft_of(seed000)))
        body = body_of(response)
        # The first missing required document is chosen; the minutes are not offered.
        form = response.context["evidence"].form
        assert form["requirement"].value() == documents[0].pk
        assert [label for _value, label in form.fields["requirement"].choices] == [
            "Báo cáo tóm tắt thành tích",
            "Hình ảnh hoạt động",
            "Other evidence",
        ]
        form = body.split('data-testid="upload-form"', 1)[0].rsplit("<form", 1)[1]
        assert 'enctype="multipart/form-data"' in form
        assert 'method="post"' in form
        assert "csrfmiddlewaretoken" in body.split('data-testid="upload-form"', 1)[1]
        assert " style=" not in body.split('id="tai-lieu"', 1)[1].split("</section>", 1)[0]

    def test_no_form_and_no_remove_button_for_those_who_only_look(self, en, seed000, documents):
        nomination = proposed_with(seed000, documents[0])
        for user in (seed000.secretary_a1, seed000.staff_district_a):
            en.force_login(user)
            body = body_of(en.get(detail_url(nomination)))
            assert 'data-testid="upload-form"' not in body
            assert remove_url(nomination.evidence.get()) not in body
            assert shown_requirements(body)["bao-cao-thanh-tich"] == "yes"

    def test_the_appraiser_may_add_and_remove_only_their_own(self, en, seed000, documents):
        nomination = proposed_with(seed000, documents[0])
        own = services.attach_evidence(
            seed000.staff_grassroots_a, nomination, upload("anh.png", PNG_BYTES)
        )
        en.force_login(seed000.staff_grassroots_a)
        body = body_of(en.get(detail_url(nomination)))
        assert 'data-testid="upload-form"' in body
        assert remove_url(own) in body
        filers = nomination.evidence.exclude(pk=own.pk).get()
        assert remove_url(filers) not in body

    def test_a_campaign_that_asks_for_nothing(self, en, seed000):
        en.force_login(seed000.secretary_a1)
        body = body_of(en.get(detail_url(draft_of(seed000))))
        assert "The campaign asks for no documents, and none are attached." in body
        assert 'data-testid="upload-form"' in body

    def test_the_section_does_not_grow_with_the_documents(self, en, seed000, documents, queries):
        report, photos, _minutes = documents
        nomination = draft_of(seed000)
        services.attach_evidence(seed000.secretary_a1, nomination, upload("a.pdf"), report)
        en.force_login(seed000.secretary_a1)
        with queries() as small:
            body_of(en.get(detail_url(nomination)))
        for i in range(3):
            services.attach_evidence(
                seed000.secretary_a1,
                nomination,
                upload(f"anh-{i}.png", PNG_BYTES + bytes([i])),
                photos,
            )
            services.attach_evidence(
                seed000.secretary_a1, nomination, upload(f"khac-{i}.jpg", JPEG_BYTES + bytes([i]))
            )
        other = UserFactory(unit=seed000.tree.cell_a1, role="cell_secretary")
        services.attach_evidence(other, nomination, upload("b.pdf", pdf_bytes("khác")))
        with queries() as large:
            body = body_of(en.get(detail_url(nomination)))
        assert body.count('data-testid="evidence-file"') == 8
        assert len(large) == len(small)


class TestUpload:
    def test_the_cell_secretary_uploads_through_the_page(self, en, seed000, documents):
        report = documents[0]
        nomination = draft_of(seed000)
        en.force_login(seed000.secretary_a1)
        response = en.post(
            upload_url(nomination), {"requirement": report.pk, "file": upload(VIETNAMESE_NAME)}
        )
        assert response.status_code == 302
        assert response.url == detail_url(nomination) + "#tai-lieu"
        assert messages_of(response) == [f"{VIETNAMESE_NAME} was attached."]
        evidence = Evidence.objects.get()
        assert (evidence.nomination, evidence.requirement) == (nomination, report)
        assert evidence.original_name == VIETNAMESE_NAME
        body = body_of(en.get(detail_url(nomination)))
        assert shown_requirements(body)["bao-cao-thanh-tich"] == "yes"

    def test_a_refused_file_comes_back_at_the_file_field(self, en, seed000, documents):
        report = documents[0]
        nomination = draft_of(seed000)
        en.force_login(seed000.secretary_a1)
        response = en.post(
            upload_url(nomination), {"requirement": report.pk, "file": upload("a.pdf", PNG_BYTES)}
        )
        body = body_of(response)
        form = response.context["evidence"].form
        assert form.errors == {
            "file": [
                "The file's content does not match its name: it is a PNG file, not a PDF file."
            ]
        }
        assert form["requirement"].value() == str(report.pk)  # the choice is kept
        assert "does not match its name" in body
        assert nomination.nominee_name in body  # the whole nomination page again
        assert not Evidence.objects.exists()

    def test_no_file_chosen(self, en, seed000):
        nomination = draft_of(seed000)
        en.force_login(seed000.secretary_a1)
        response = en.post(upload_url(nomination), {})
        assert response.context["evidence"].form.errors == {"file": ["Choose the file to attach."]}

    def test_a_requirement_of_another_category_is_not_offered(self, en, seed000, documents):
        minutes = documents[2]
        en.force_login(seed000.secretary_a1)
        response = en.post(
            upload_url(draft_of(seed000)), {"requirement": minutes.pk, "file": upload("a.pdf")}
        )
        assert list(response.context["evidence"].form.errors) == ["requirement"]
        assert not Evidence.objects.exists()

    def test_a_file_over_the_limit(self, en, seed000, settings):
        settings.EVIDENCE_MAX_BYTES = 300
        en.force_login(seed000.secretary_a1)
        response = en.post(upload_url(draft_of(seed000)), {"file": upload("a.pdf")})
        assert response.context["evidence"].form.errors == {
            "file": ["The file is larger than 300\xa0bytes."]
        }
        assert not Evidence.objects.exists()

    def test_a_body_far_over_the_limit_is_refused_before_it_is_read(self, en, seed000, settings):
        settings.EVIDENCE_MAX_BYTES = 300
        nomination = draft_of(seed000)
        en.force_login(seed000.secretary_a1)
        big = upload("a.pdf", pdf_bytes() + b"\x00" * (100 * 1024))
        response = en.post(upload_url(nomination), {"file": big})
        assert response.status_code == 413
        assert response.context["evidence"].form.errors == {
            "file": ["The file is larger than 300\xa0bytes."]
        }
        assert not Evidence.objects.exists()

    def test_the_upload_needs_the_csrf_token(self, seed000):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(seed000.secretary_a1)
        response = client.post(upload_url(draft_of(seed000)), {"file": upload("a.pdf")})
        assert response.status_code == 403
        assert not Evidence.objects.exists()

    def test_from_outside_the_subtree_it_does_not_exist(self, en, seed000):
        nomination = proposed_with(seed000)
        en.force_login(seed000.staff_district_b)
        assert en.post(upload_url(nomination), {"file": upload("a.pdf")}).status_code == 404
        sibling = UserFactory(unit=seed000.tree.cell_a2, role="cell_secretary")
        en.force_login(sibling)
        assert en.post(upload_url(nomination), {"file": upload("a.pdf")}).status_code == 404
        assert not Evidence.objects.exists()

    def test_a_draft_is_not_found_outside_its_unit(self, en, seed000):
        en.force_login(seed000.staff_grassroots_a)
        response = en.post(upload_url(draft_of(seed000)), {"file": upload("a.pdf")})
        assert response.status_code == 404

    def test_a_wrong_role_inside_the_subtree_is_forbidden(self, en, seed000):
        nomination = proposed_with(seed000)
        for user in (seed000.standing_district_a, seed000.staff_district_a):
            en.force_login(user)
            response = en.post(upload_url(nomination), {"file": upload("a.pdf")})
            assert response.status_code == 403
        assert not Evidence.objects.exists()

    def test_the_filer_after_submitting_is_told_why(self, en, seed000):
        nomination = proposed_with(seed000)
        en.force_login(seed000.secretary_a1)
        response = en.post(upload_url(nomination), {"file": upload("a.pdf")})
        assert response.context["evidence"].form.non_field_errors() == [
            "The documents of a nomination can be changed only by its filing unit while it is "
            "a draft or returned for revision, or by the appraisers while it waits for "
            "appraisal."
        ]
        assert "can be changed only by its filing unit" in body_of(response)
        assert not Evidence.objects.exists()

    def test_anonymous_visitors_log_in_first(self, client, seed000):
        response = client.post(upload_url(draft_of(seed000)), {"file": upload("a.pdf")})
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    def test_only_post(self, en, seed000):
        en.force_login(seed000.secretary_a1)
        assert en.get(upload_url(draft_of(seed000))).status_code == 405


class TestDownload:
    @pytest.fixture
    def evidence(self, seed000, documents):
        nomination = proposed_with(seed000, documents[0], name=VIETNAMESE_NAME)
        return nomination.evidence.get()

    def test_the_ward_staff_download_it(self, client, seed000, evidence):
        client.force_login(seed000.staff_grassroots_a)
        response = client.get(download_url(evidence))
        assert response.status_code == 200
        assert content_of(response) == pdf_bytes()
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"] == (
            'attachment; filename="Quyet dinh cong nhan dang vien.pdf"; '
            f"filename*=utf-8''{quote(VIETNAMESE_NAME)}"
        )
        assert "private" in response["Cache-Control"]

    def test_everyone_above_in_the_subtree_may_download(self, client, seed000, evidence):
        for user in (seed000.staff_district_a, seed000.standing_city):
            client.force_login(user)
            response = client.get(download_url(evidence))
            assert response.status_code == 200
            assert content_of(response) == pdf_bytes()

    def test_an_image_is_shown_inline(self, client, seed000):
        nomination = draft_of(seed000)
        evidence = services.attach_evidence(
            seed000.secretary_a1, nomination, upload("ảnh.png", PNG_BYTES)
        )
        client.force_login(seed000.secretary_a1)
        response = client.get(download_url(evidence))
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"] == (
            "inline; filename=\"anh.png\"; filename*=utf-8''%E1%BA%A3nh.png"
        )
        assert content_of(response) == PNG_BYTES

    @pytest.mark.parametrize(
        ("name", "header"),
        [
            ("bao-cao.pdf", 'attachment; filename="bao-cao.pdf"'),
            ('a"b.pdf', "attachment; filename=\"a_b.pdf\"; filename*=utf-8''a%22b.pdf"),
            ("Đơn.pdf", "attachment; filename=\"Don.pdf\"; filename*=utf-8''%C4%90%C6%A1n.pdf"),
            ("文件.pdf", "attachment; filename=\".pdf\"; filename*=utf-8''%E6%96%87%E4%BB%B6.pdf"),
        ],
    )
    def test_the_name_in_the_header(self, name, header):
        assert content_disposition(name, inline=False) == header

    def test_another_districts_staff_get_404(self, client, seed000, evidence):
        client.force_login(seed000.staff_district_b)
        assert client.get(download_url(evidence)).status_code == 404

    def test_another_tree_gets_404(self, client, seed000, evidence):
        province = UnitFactory(code="TINH2", name="Tỉnh ủy Hậu Giang", kind="tinh_uy")
        client.force_login(UserFactory(unit=province, role="staff"))
        assert client.get(download_url(evidence)).status_code == 404

    def test_a_draft_is_seen_only_by_its_unit(self, client, seed000):
        evidence = services.attach_evidence(
            seed000.secretary_a1, draft_of(seed000), upload("a.pdf")
        )
        client.force_login(seed000.staff_grassroots_a)
        assert client.get(download_url(evidence)).status_code == 404

    def test_anonymous_visitors_log_in_first(self, client, evidence):
        response = client.get(download_url(evidence))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    def test_a_lost_file_is_not_found(self, client, seed000, evidence, media):
        (media / evidence.file.name).unlink()
        client.force_login(seed000.staff_grassroots_a)
        assert client.get(download_url(evidence)).status_code == 404

    def test_no_public_media_url_serves_it(self, client, seed000, evidence):
        client.force_login(seed000.staff_grassroots_a)
        assert client.get("/media/" + evidence.file.name).status_code == 404


class TestRemove:
    def test_the_filer_removes_a_file(
        self, en, seed000, documents, media, django_capture_on_commit_callbacks
    ):
        nomination = draft_of(seed000)
        evidence = services.attach_evidence(
            seed000.secretary_a1, nomination, upload(VIETNAMESE_NAME), documents[0]
        )
        en.force_login(seed000.secretary_a1)
        body = body_of(en.get(detail_url(nomination)))
        assert remove_url(evidence) in body
        with django_capture_on_commit_callbacks(execute=True):
            response = en.post(remove_url(evidence))
        assert response.status_code == 302
        assert response.url == detail_url(nomination) + "#tai-lieu"
        assert messages_of(response) == [f"{VIETNAMESE_NAME} was removed."]
        assert not Evidence.objects.exists()
        assert not (media / evidence.file.name).exists()

    def test_refused_once_it_is_submitted(self, en, seed000):
        nomination = proposed_with(seed000, None)
        en.force_login(seed000.secretary_a1)
        response = en.post(remove_url(nomination.evidence.get()))
        assert response.status_code == 302
        assert "can be changed only by its filing unit" in messages_of(response)[0]
        assert nomination.evidence.exists()

    def test_outside_the_subtree_404_and_a_wrong_role_403(self, en, seed000):
        nomination = proposed_with(seed000, None)
        evidence = nomination.evidence.get()
        en.force_login(seed000.staff_district_b)
        assert en.post(remove_url(evidence)).status_code == 404
        en.force_login(seed000.standing_district_a)
        assert en.post(remove_url(evidence)).status_code == 403
        assert en.get(remove_url(evidence)).status_code == 405
        assert nomination.evidence.exists()


class TestAppraisalPage:
    def test_the_appraise_button_waits_for_the_required_documents(self, en, seed000, documents):
        nomination = proposed_with(seed000)
        en.force_login(seed000.staff_grassroots_a)
        appraise = reverse("nominations:appraise", args=[nomination.public_id])
        response = en.post(appraise, {})
        assert messages_of(response) == [
            "Required documents are missing: Báo cáo tóm tắt thành tích."
        ]
        assert type(nomination).objects.get(pk=nomination.pk).state == S.PROPOSED

        en.post(
            upload_url(nomination),
            {"requirement": documents[0].pk, "file": upload(VIETNAMESE_NAME)},
        )
        response = en.post(appraise, {})
        assert messages_of(response)[-1] == f"Appraised: {nomination.nominee_name}."
        assert type(nomination).objects.get(pk=nomination.pk).state == S.APPRAISED
        # Appraised: the dossier is now as it was appraised.
        body = body_of(en.get(detail_url(nomination)))
        assert 'data-testid="upload-form"' not in body

    def test_without_required_documents_nothing_changes(self, en, seed000):
        nomination = proposed_with(seed000)
        workflow.appraise(seed000.staff_grassroots_a, nomination, now=BEFORE)
        assert type(nomination).objects.get(pk=nomination.pk).state == S.APPRAISED
