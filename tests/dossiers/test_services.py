"""Attaching and removing evidence: who may and when, where the file goes, and appraisal that
waits for the required documents."""

import hashlib
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.utils import translation

from campaigns.models import DocumentRequirement
from nominations import evidence as services
from nominations import services as workflow
from nominations.completeness import missing_documents, requirements_for
from nominations.models import Evidence
from nominations.models import NominationState as S
from tests.factories import CampaignFactory, UserFactory
from tests.workflow_fixtures import BEFORE

from .conftest import PNG_BYTES, draft_of, pdf_bytes, proposed_with, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


class TestWhereTheFileGoes:
    def test_stored_under_the_nomination_with_a_random_name(self, seed000, documents, media):
        report = documents[0]
        nomination = draft_of(seed000)
        evidence = services.attach_evidence(
            seed000.secretary_a1, nomination, upload("../../etc/passwd.pdf"), report
        )
        assert re.fullmatch(
            rf"evidence/{nomination.public_id}/[0-9a-f]{{32}}\.pdf", evidence.file.name
        )
        assert (media / evidence.file.name).read_bytes() == pdf_bytes()
        assert evidence.original_name == "passwd.pdf"
        assert "passwd" not in evidence.file.name
        assert evidence.content_type == "application/pdf"
        assert evidence.size == len(pdf_bytes())
        assert evidence.sha256 == hashlib.sha256(pdf_bytes()).hexdigest()
        assert evidence.uploaded_by == seed000.secretary_a1
        assert evidence.requirement == report

    def test_the_extension_is_that_of_the_content(self, seed000):
        evidence = services.attach_evidence(
            seed000.secretary_a1, draft_of(seed000), upload("Ảnh.PNG", PNG_BYTES)
        )
        assert evidence.file.name.endswith(".png")
        assert evidence.requirement is None  # other evidence

    def test_a_refused_file_stores_nothing(self, seed000, media):
        with pytest.raises(ValidationError) as caught:
            services.attach_evidence(
                seed000.secretary_a1, draft_of(seed000), upload("quyet-dinh.pdf", PNG_BYTES)
            )
        assert "does not match its name" in caught.value.message_dict["file"][0]
        assert not Evidence.objects.exists()
        assert not media.exists() or not any(media.rglob("*.*"))

    def test_the_file_goes_when_the_row_cannot_be_written(self, seed000, media, monkeypatch):
        def fail(*args, **kwargs):
            raise RuntimeError("database down")

        monkeypatch.setattr(Evidence, "save", fail)
        with pytest.raises(RuntimeError):
            services.attach_evidence(seed000.secretary_a1, draft_of(seed000), upload("a.pdf"))
        assert not any(media.rglob("*.pdf"))

    def test_the_same_file_twice_for_one_document(self, seed000, documents):
        report = documents[0]
        nomination = draft_of(seed000)
        services.attach_evidence(seed000.secretary_a1, nomination, upload("a.pdf"), report)
        with pytest.raises(ValidationError) as caught:
            services.attach_evidence(seed000.secretary_a1, nomination, upload("b.pdf"), report)
        assert caught.value.message_dict == {
            "file": ["This file is already attached for this document (as a.pdf)."]
        }
        # ... but the same scan may serve as another document.
        services.attach_evidence(seed000.secretary_a1, nomination, upload("b.pdf"))
        assert nomination.evidence.count() == 2


class TestTheRequirement:
    def test_of_another_campaign_is_refused(self, seed000):
        other = DocumentRequirement.objects.create(
            campaign=CampaignFactory(), code="x", name="Tờ trình"
        )
        with pytest.raises(ValidationError) as caught:
            services.attach_evidence(
                seed000.secretary_a1, draft_of(seed000), upload("a.pdf"), other
            )
        assert list(caught.value.message_dict) == ["requirement"]

    def test_of_another_category_is_refused(self, seed000, documents):
        minutes = documents[2]  # asked of the secretaries' category only
        with pytest.raises(ValidationError) as caught:
            services.attach_evidence(
                seed000.secretary_a1, draft_of(seed000), upload("a.pdf"), minutes
            )
        assert caught.value.message_dict == {
            "requirement": ["This document is not one the campaign asks of this nomination."]
        }

    def test_those_for_every_category_and_the_nominations_own_apply(self, seed000, documents):
        report, photos, minutes = documents
        members = draft_of(seed000)
        assert list(requirements_for(members)) == [report, photos]
        secretary = seed000.member(seed000.tree.cell_a1, position="Bí thư chi bộ khu vực 1")
        filed = workflow.save_draft(
            seed000.secretary_a1,
            seed000.campaign,
            seed000.tree.cell_a1,
            workflow.Draft(
                category=seed000.secretaries, person=secretary, achievement_summary="Gương mẫu."
            ),
        )
        assert list(requirements_for(filed)) == [report, photos, minutes]
        assert missing_documents(filed) == ["Báo cáo tóm tắt thành tích", "Biên bản họp chi bộ"]


class TestWhoMayAttach:
    """The filing unit while it is a draft or returned; the staff of the level it waits at while
    it is proposed there; nobody once it is appraised."""

    def test_the_filer_while_it_is_a_draft_or_returned(self, seed000):
        nomination = draft_of(seed000)
        services.attach_evidence(seed000.secretary_a1, nomination, upload("a.pdf"))
        nomination = workflow.submit(seed000.secretary_a1, nomination, now=BEFORE)
        workflow.return_for_revision(seed000.staff_grassroots_a, nomination, "Thiếu ảnh.")
        services.attach_evidence(seed000.secretary_a1, nomination, upload("b.png", PNG_BYTES))
        assert nomination.evidence.count() == 2

    def test_not_the_filer_once_it_is_proposed(self, seed000):
        nomination = proposed_with(seed000)
        with pytest.raises(ValidationError, match="can be changed only by its filing unit"):
            services.attach_evidence(seed000.secretary_a1, nomination, upload("a.pdf"))

    def test_the_staff_of_the_level_it_waits_at_while_proposed(self, seed000, documents):
        nomination = proposed_with(seed000)
        evidence = services.attach_evidence(
            seed000.staff_grassroots_a, nomination, upload("Quyết định.pdf"), documents[0]
        )
        assert evidence.uploaded_by == seed000.staff_grassroots_a

    def test_nobody_once_it_is_appraised(self, seed000):
        nomination = workflow.appraise(
            seed000.staff_grassroots_a, proposed_with(seed000), now=BEFORE
        )
        for user in (seed000.staff_grassroots_a, seed000.secretary_a1):
            with pytest.raises(ValidationError, match="can be changed only by its filing unit"):
                services.attach_evidence(user, nomination, upload("a.pdf"))

    @pytest.mark.parametrize("who", ["staff_district_a", "standing_district_a", "staff_city"])
    def test_other_roles_and_levels_are_refused(self, seed000, who):
        nomination = proposed_with(seed000)
        with pytest.raises(PermissionDenied):
            services.attach_evidence(getattr(seed000, who), nomination, upload("a.pdf"))

    def test_a_member_of_the_cell_without_a_role_is_refused(self, seed000):
        nomination = draft_of(seed000)
        user = UserFactory(unit=seed000.tree.cell_a1, role="standing_member")
        with pytest.raises(PermissionDenied):
            services.attach_evidence(user, nomination, upload("a.pdf"))


class TestRemove:
    def test_the_filer_removes_a_file_and_it_is_deleted(
        self, seed000, media, django_capture_on_commit_callbacks
    ):
        nomination = draft_of(seed000)
        evidence = services.attach_evidence(seed000.secretary_a1, nomination, upload("a.pdf"))
        stored = media / evidence.file.name
        assert stored.exists()
        with django_capture_on_commit_callbacks(execute=True):
            services.remove_evidence(seed000.secretary_a1, evidence)
        assert not Evidence.objects.exists()
        assert not stored.exists()

    def test_the_appraiser_removes_only_what_the_level_attached(self, seed000):
        nomination = proposed_with(seed000, None)
        (filers,) = nomination.evidence.all()
        own = services.attach_evidence(
            seed000.staff_grassroots_a, nomination, upload("b.png", PNG_BYTES)
        )
        with pytest.raises(PermissionDenied):
            services.remove_evidence(seed000.staff_grassroots_a, filers)
        services.remove_evidence(seed000.staff_grassroots_a, own)
        assert list(nomination.evidence.all()) == [filers]

    def test_not_the_filer_once_it_is_proposed(self, seed000):
        nomination = proposed_with(seed000, None)
        with pytest.raises(ValidationError, match="can be changed only by its filing unit"):
            services.remove_evidence(seed000.secretary_a1, nomination.evidence.get())
        assert nomination.evidence.count() == 1

    def test_a_file_removed_twice(self, seed000):
        evidence = services.attach_evidence(
            seed000.secretary_a1, draft_of(seed000), upload("a.pdf")
        )
        services.remove_evidence(seed000.secretary_a1, evidence)
        with pytest.raises(ValidationError, match="already been removed"):
            services.remove_evidence(seed000.secretary_a1, evidence)

    def test_the_file_stays_when_the_removal_is_refused(self, seed000, media):
        nomination = proposed_with(seed000, None)
        evidence = nomination.evidence.get()
        with pytest.raises(PermissionDenied):
            services.remove_evidence(seed000.standing_district_a, evidence)
        assert (media / evidence.file.name).exists()
        assert default_storage.exists(evidence.file.name)


class TestAppraisalWaitsForTheRequiredDocuments:
    def test_refused_while_a_required_document_is_missing(self, seed000, documents):
        nomination = proposed_with(seed000)  # nothing attached
        with pytest.raises(ValidationError) as caught:
            workflow.appraise(seed000.staff_grassroots_a, nomination, now=BEFORE)
        assert caught.value.messages == [
            "Required documents are missing: Báo cáo tóm tắt thành tích."
        ]
        assert fresh(nomination).state == S.PROPOSED

    def test_an_optional_document_does_not_hold_it_up(self, seed000, documents):
        report, _photos, _minutes = documents
        nomination = proposed_with(seed000, report)
        assert (
            workflow.appraise(seed000.staff_grassroots_a, nomination, now=BEFORE).state
            == S.APPRAISED
        )

    def test_accepted_once_the_appraiser_attaches_it(self, seed000, documents):
        nomination = proposed_with(seed000)
        services.attach_evidence(
            seed000.staff_grassroots_a, nomination, upload("Quyết định.pdf"), documents[0]
        )
        assert (
            workflow.appraise(seed000.staff_grassroots_a, nomination, now=BEFORE).state
            == S.APPRAISED
        )

    def test_other_evidence_does_not_stand_for_a_required_document(self, seed000, documents):
        nomination = proposed_with(seed000, None)
        with pytest.raises(ValidationError, match="Required documents are missing"):
            workflow.appraise(seed000.staff_grassroots_a, nomination, now=BEFORE)

    def test_the_role_is_checked_before_the_documents(self, seed000, documents):
        nomination = proposed_with(seed000)
        with pytest.raises(PermissionDenied):
            workflow.appraise(seed000.staff_district_a, nomination, now=BEFORE)


class TestADossierLeavesTheUnitComplete:
    def test_submit_refused_naming_each_missing_document(self, seed000, documents):
        nomination = draft_of(seed000)
        with pytest.raises(ValidationError) as caught:
            workflow.submit(seed000.secretary_a1, nomination, now=BEFORE)
        assert caught.value.message_dict == {
            "documents": ["Required documents are missing: Báo cáo tóm tắt thành tích."]
        }
        assert fresh(nomination).state == S.DRAFT
        assert not nomination.events.filter(to_state=S.PROPOSED).exists()

    def test_submitted_once_the_required_document_is_attached(self, seed000, documents):
        nomination = draft_of(seed000)
        services.attach_evidence(seed000.secretary_a1, nomination, upload("bc.pdf"), documents[0])
        assert workflow.submit(seed000.secretary_a1, nomination, now=BEFORE).state == S.PROPOSED

    def test_a_returned_nomination_takes_documents_again(self, seed000, documents):
        nomination = proposed_with(seed000, documents[0])
        workflow.return_for_revision(seed000.staff_grassroots_a, nomination, "Thiếu ảnh")
        evidence = services.attach_evidence(
            seed000.secretary_a1, fresh(nomination), upload("anh.png", PNG_BYTES), documents[1]
        )
        assert evidence.requirement == documents[1]
