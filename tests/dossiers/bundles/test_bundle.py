"""A district's whole dossier, built inline (no Redis): what it holds, how it is laid out, the
cover and the list, the progress, who may ask for it, and how it fails."""

from __future__ import annotations

import io
import os

import openpyxl
import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from campaigns.models import DocumentRequirement
from committees.models import Role
from dossiers.bundles import limits, providers, services, tasks
from dossiers.bundles.building import BundleFile
from dossiers.models import BundleState, DossierBundle
from nominations import services as workflow
from nominations.models import LevelDecision, Nomination, Outcome
from nominations.models import NominationState as S
from tests.factories import UserFactory
from tests.workflow_fixtures import BEFORE

from .conftest import attach, build, forwarded, open_zip

pytestmark = pytest.mark.django_db

ROOT = "QA - bieu-duong-2025"


@pytest.fixture
def report(seed000):
    return DocumentRequirement.objects.create(
        campaign=seed000.campaign, code="bao-cao", name="Báo cáo tóm tắt thành tích", copies=3
    )


@pytest.fixture
def district_a(seed000, report):
    """Two nominees forwarded by district A (one still waiting to be sent, one sent up), each
    with an achievement report, one with a photo of other evidence."""
    seed = seed000
    tran = forwarded(seed, full_name="Trần Thị Bích", sent_up=False)
    le = forwarded(seed, full_name="Lê Văn Ánh", cell=seed.tree.cell_a2)
    attach(tran, "Báo cáo thành tích.pdf", report)
    attach(le, "Báo cáo thành tích.pdf", report)
    attach(le, "Ảnh hoạt động.pdf")
    return tran, le


class TestWhatTheBundleHolds:
    def test_the_folder_layout(self, seed000, district_a):
        bundle = build(seed000)
        assert bundle.state == BundleState.DONE
        # Numbered in the order of the list: by filing unit (cell A1 before A2), then name.
        assert open_zip(bundle).names == [
            f"{ROOT}/00 - Danh mục hồ sơ.txt",
            f"{ROOT}/00 - Danh sách.xlsx",
            f"{ROOT}/01 - Trần Thị Bích/Báo cáo tóm tắt thành tích/Báo cáo thành tích.pdf",
            f"{ROOT}/02 - Lê Văn Ánh/Báo cáo tóm tắt thành tích/Báo cáo thành tích.pdf",
            f"{ROOT}/02 - Lê Văn Ánh/Tài liệu khác/Ảnh hoạt động.pdf",
        ]

    def test_the_files_are_the_uploaded_ones(self, seed000, district_a):
        tran, _le = district_a
        bundle = build(seed000)
        stored = tran.evidence.get().file.open("rb").read()
        assert (
            open_zip(bundle).read(
                f"{ROOT}/01 - Trần Thị Bích/Báo cáo tóm tắt thành tích/Báo cáo thành tích.pdf"
            )
            == stored
        )

    def test_names_from_user_data_cannot_escape_their_folder(self, seed000, report):
        seed = seed000
        odd = DocumentRequirement.objects.create(
            campaign=seed.campaign, code="to-trinh", name="Tờ trình/Biên bản", copies=2
        )
        nomination = forwarded(seed, full_name="Đỗ ../../Văn/Hùng")
        attach(nomination, "../../../etc/passwd.pdf", odd)
        attach(nomination, "a\\..\\..\\b.pdf", report)
        names = open_zip(build(seed)).names
        nominee = [n for n in names if "/01 - " in n]
        assert nominee == [
            f"{ROOT}/01 - Đỗ ..-..-Văn-Hùng/Báo cáo tóm tắt thành tích/a-..-..-b.pdf",
            f"{ROOT}/01 - Đỗ ..-..-Văn-Hùng/Tờ trình-Biên bản/-..-..-etc-passwd.pdf",
        ]
        for name in names:
            parts = name.split("/")
            assert parts[0] == ROOT
            assert ".." not in parts and "" not in parts and "." not in parts

    def test_two_files_of_the_same_name_are_both_kept(self, seed000, report):
        nomination = forwarded(seed000, full_name="Phạm Thu Hà")
        attach(nomination, "Báo cáo.pdf", report, data=b"%PDF-1.4 first")
        attach(nomination, "Báo cáo.pdf", report, data=b"%PDF-1.4 second")
        archive = open_zip(build(seed000))
        folder = f"{ROOT}/01 - Phạm Thu Hà/Báo cáo tóm tắt thành tích"
        assert archive.read(f"{folder}/Báo cáo.pdf") == b"%PDF-1.4 first"
        assert archive.read(f"{folder}/Báo cáo (2).pdf") == b"%PDF-1.4 second"

    def test_what_was_honored_or_forwarded_elsewhere_is_left_out(self, seed000, district_a):
        seed = seed000
        honored_here = forwarded(seed, full_name="Vũ Đình Khang", sent_up=False)
        LevelDecision.objects.filter(nomination=honored_here, level=seed.district).update(
            outcome=Outcome.HONOR
        )
        forwarded(
            seed, full_name="Hồ Văn Bên Kia", cell=seed.tree.cell_b1, district=seed.tree.district_b
        )
        names = open_zip(build(seed)).names
        folders = sorted({n.split("/")[1] for n in names if not n.split("/")[1].startswith("00")})
        assert folders == ["01 - Trần Thị Bích", "02 - Lê Văn Ánh"]

    def test_through_the_workflow_forwarded_nominations_are_in_it(self, seed000):
        """The district's session forwards one and honors ten (the 10% cap): its bundle holds
        the forwarded one only, before and after it is sent up to the city."""
        seed = seed000
        session, nominations = seed.decide_at_district(honor=10, forward=1)
        workflow.close_session(seed.staff_district_a, session)
        sent = nominations[-1]
        assert open_zip(build(seed)).folders == [f"{ROOT}/", f"{ROOT}/01 - {sent.nominee_name}/"]
        workflow.send_up(seed.staff_district_a, [Nomination.objects.get(pk=sent.pk)], now=BEFORE)
        assert open_zip(build(seed)).folders == [f"{ROOT}/", f"{ROOT}/01 - {sent.nominee_name}/"]

    def test_the_top_unit_bundles_what_it_honored(self, seed000, district_a):
        seed = seed000
        _tran, le = district_a
        Nomination.objects.filter(pk=le.pk).update(state=S.HONORED, honored_level=seed.city)
        LevelDecision.objects.create(
            nomination=le, level=seed.city, unit=seed.tree.city, outcome=Outcome.HONOR
        )
        bundle = build(seed, seed.staff_city, seed.tree.city)
        archive = open_zip(bundle)
        assert archive.names[0] == "TU - bieu-duong-2025/00 - Danh mục hồ sơ.txt"
        assert {n.split("/")[1] for n in archive.names} == {
            "00 - Danh mục hồ sơ.txt",
            "00 - Danh sách.xlsx",
            "01 - Lê Văn Ánh",
        }


class TestCoverAndList:
    def test_the_cover_lists_every_file_and_the_copies(self, seed000, district_a, report):
        seed = seed000
        DocumentRequirement.objects.create(
            campaign=seed.campaign, code="anh", copies=1, name="Hình ảnh hoạt động", required=False
        )
        DocumentRequirement.objects.create(
            campaign=seed.campaign,
            category=seed.secretaries,
            code="bien-ban",
            name="Biên bản họp chi bộ",
            copies=2,
        )
        archive = open_zip(build(seed))
        cover = archive.text(f"{ROOT}/00 - Danh mục hồ sơ.txt")
        assert archive.read(f"{ROOT}/00 - Danh mục hồ sơ.txt").startswith(b"\xef\xbb\xbf")
        lines = cover.split("\r\n")
        assert lines[0] == "DANH MỤC HỒ SƠ"
        assert f"Đợt khen thưởng: {seed.campaign.title}" in lines
        assert "Đơn vị: Quận ủy Ninh Kiều (QA)" in lines
        assert f"Ngày lập: {timezone.localdate():%d/%m/%Y}" in lines
        assert "Số hồ sơ đề nghị: 2" in lines
        assert "1. Báo cáo tóm tắt thành tích: 03 bộ (bắt buộc)" in lines
        assert "2. Hình ảnh hoạt động: 01 bộ (nếu có)" in lines
        assert "3. Biên bản họp chi bộ: 02 bộ (bắt buộc, chỉ loại Bí thư chi bộ tiêu biểu)" in lines
        listed = lines[lines.index("III. CÁC TỆP TRONG BỘ HỒ SƠ (5 tệp)") + 1 :]
        assert [line for line in listed if line] == [
            name.removeprefix(f"{ROOT}/") for name in archive.names
        ]

    def test_the_cover_names_the_missing_documents(self, seed000, report):
        forwarded(seed000, full_name="Ngô Bảo Châu")
        cover = open_zip(build(seed000)).text(f"{ROOT}/00 - Danh mục hồ sơ.txt")
        assert "01 - Ngô Bảo Châu · Đảng viên tiêu biểu · Chi bộ khu vực 1" in cover
        assert "    Còn thiếu: Báo cáo tóm tắt thành tích" in cover

    def test_the_list_is_the_final_lists_spreadsheet_in_folder_order(self, seed000, district_a):
        data = open_zip(build(seed000)).read(f"{ROOT}/00 - Danh sách.xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert len(rows) == 3
        assert [(r[0], r[1], r[5]) for r in rows[1:]] == [
            (1, "Trần Thị Bích", "Quận ủy Ninh Kiều"),
            (2, "Lê Văn Ánh", "Quận ủy Ninh Kiều"),
        ]


class TestProgress:
    def test_progress_reaches_the_total(self, seed000, district_a, monkeypatch):
        seen = []
        update = tasks.Progress.__call__

        def spy(self, done, *, force=False):
            seen.append((done, self.total))
            update(self, done, force=force)

        monkeypatch.setattr(tasks.Progress, "__call__", spy)
        bundle = build(seed000)
        assert [done for done, _total in seen] == [0, 1, 2, 3, 4, 5]
        assert (bundle.done, bundle.total, bundle.nominees) == (5, 5, 2)
        assert bundle.percent == 100
        assert bundle.size == bundle.file.size
        assert bundle.started_at <= bundle.finished_at

    def test_the_row_follows_the_files(self, seed000, district_a, extra_provider, monkeypatch):
        """What the page would read while the zip is written."""
        monkeypatch.setattr(limits, "PROGRESS_INTERVAL", 0)
        rows = []

        def watcher(context, nominee):
            yield BundleFile(
                "theo-doi.txt",
                lambda: (
                    rows.append(DossierBundle.objects.values_list("state", "done", "total").get())
                    or b""
                ),
            )

        extra_provider(watcher, per=providers.NOMINEE)
        build(seed000)
        assert rows == [("running", 3, 7), ("running", 6, 7)]

    def test_the_file_is_stored_under_its_uuid_and_no_partial_stays(
        self, seed000, district_a, media
    ):
        bundle = build(seed000)
        assert bundle.file.name == f"bundles/{bundle.public_id}.zip"
        assert (media / "bundles" / f"{bundle.public_id}.zip").exists()
        assert os.listdir(media / "bundles" / "partial") == []


class TestFailures:
    def assert_failed_cleanly(self, bundle, media):
        assert bundle.state == BundleState.FAILED
        assert not bundle.file
        assert bundle.finished_at is not None
        partial = media / "bundles" / "partial"
        assert not partial.exists() or os.listdir(partial) == []
        assert not (media / "bundles" / f"{bundle.public_id}.zip").exists()

    def test_a_failing_provider_fails_the_bundle_with_its_message(
        self, seed000, district_a, extra_provider, media
    ):
        def report_pdf(context, nominee):
            def produce():
                raise providers.BundleError("Chưa chọn mẫu báo cáo thành tích.")

            yield BundleFile("Báo cáo thành tích.pdf", produce)

        extra_provider(report_pdf, per=providers.NOMINEE)
        bundle = build(seed000)
        self.assert_failed_cleanly(bundle, media)
        assert bundle.error == (
            "The file “01 - Trần Thị Bích/Báo cáo thành tích.pdf” could not be produced: "
            "Chưa chọn mẫu báo cáo thành tích."
        )

    def test_an_unexpected_error_is_named_by_its_kind_and_logged(
        self, seed000, district_a, extra_provider, media, caplog
    ):
        def broken(context):
            raise KeyError("/srv/secret/path")

        extra_provider(broken)
        bundle = build(seed000)
        self.assert_failed_cleanly(bundle, media)
        assert bundle.error == (
            "The documents of the level could not be listed: unexpected "
            "error (KeyError); the details are in the server log."
        )
        assert "/srv/secret/path" in caplog.text

    def test_a_missing_stored_file(self, seed000, district_a, media):
        tran, _le = district_a
        tran.evidence.get().file.delete(save=False)
        bundle = build(seed000)
        self.assert_failed_cleanly(bundle, media)
        assert "the stored file of Báo cáo thành tích.pdf is missing" in bundle.error

    def test_the_soft_time_limit(self, seed000, district_a, extra_provider, media):
        def slow(context):
            def produce():
                raise SoftTimeLimitExceeded

            yield BundleFile("Tờ trình.pdf", produce)

        extra_provider(slow)
        bundle = build(seed000)
        self.assert_failed_cleanly(bundle, media)
        assert bundle.error.startswith("Building the dossier took longer than 5 minutes")

    def test_the_builders_own_deadline(self, seed000, district_a, media, monkeypatch):
        monkeypatch.setattr(limits, "SOFT_TIME_LIMIT", -1)
        bundle = build(seed000)
        self.assert_failed_cleanly(bundle, media)
        assert bundle.error.startswith("Building the dossier took longer than")

    def test_an_interrupted_bundle_is_shown_failed(self, seed000, district_a):
        bundle = build(seed000)
        DossierBundle.objects.filter(pk=bundle.pk).update(
            state=BundleState.RUNNING,
            started_at=timezone.now() - limits.STALE_AFTER - timezone.timedelta(seconds=1),
        )
        bundle.refresh_from_db()
        assert bundle.is_interrupted and bundle.is_finished and not bundle.is_ready


class TestRequesting:
    def test_the_task_is_enqueued_only_on_commit(
        self, seed000, district_a, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            bundle = services.request_bundle(
                seed000.staff_district_a, seed000.campaign, seed000.tree.district_a
            )
        assert len(callbacks) == 1
        bundle.refresh_from_db()
        assert bundle.state == BundleState.QUEUED
        callbacks[0]()
        bundle.refresh_from_db()
        assert bundle.state == BundleState.DONE

    def test_a_second_request_while_one_is_waiting_returns_it(
        self, seed000, district_a, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False):
            first = services.request_bundle(
                seed000.staff_district_a, seed000.campaign, seed000.tree.district_a
            )
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            second = services.request_bundle(
                seed000.standing_district_a, seed000.campaign, seed000.tree.district_a
            )
        assert second == first and callbacks == []
        assert DossierBundle.objects.count() == 1

    def test_a_request_long_lost_in_the_queue_does_not_block_a_new_one(
        self, seed000, district_a, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False):
            lost = services.request_bundle(
                seed000.staff_district_a, seed000.campaign, seed000.tree.district_a
            )
        DossierBundle.objects.filter(pk=lost.pk).update(
            requested_at=timezone.now() - limits.STALE_AFTER - timezone.timedelta(seconds=1)
        )
        assert build(seed000) != lost

    def test_a_finished_task_delivered_again_does_nothing(self, seed000, district_a):
        bundle = build(seed000)
        assert tasks.build_bundle.delay(bundle.pk).get() == "skipped"
        assert tasks.build_bundle.delay(0).get() == "skipped"

    def test_the_standing_committee_may_ask(self, seed000, district_a):
        assert build(seed000, seed000.standing_district_a).state == BundleState.DONE

    @pytest.mark.parametrize(
        "who", ["secretary_a1", "staff_grassroots_a", "staff_district_b", "staff_city"]
    )
    def test_others_may_not(self, seed000, district_a, who):
        with pytest.raises(PermissionDenied):
            services.request_bundle(
                getattr(seed000, who), seed000.campaign, seed000.tree.district_a
            )
        assert not DossierBundle.objects.exists()

    def test_a_unit_that_is_no_level_of_the_campaign(self, seed000):
        staff = UserFactory(unit=seed000.tree.mass_org_a, role=Role.STAFF)
        with pytest.raises(PermissionDenied, match="is not a reviewing level"):
            services.request_bundle(staff, seed000.campaign, seed000.tree.mass_org_a)

    def test_nothing_forwarded_yet(self, seed000):
        with pytest.raises(ValidationError, match="has not forwarded any nomination yet"):
            services.request_bundle(
                seed000.staff_district_a, seed000.campaign, seed000.tree.district_a
            )
        assert not DossierBundle.objects.exists()
