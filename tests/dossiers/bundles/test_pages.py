"""The bundle pages: asking for a zip, following its progress (htmx polls until it is done),
downloading it; who may see what (404 outside the subtree, 403 for the wrong role, login first),
and a list page whose queries do not grow with its rows."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from committees.models import Role
from dossiers.bundles import limits
from dossiers.models import BundleState, DossierBundle
from tests.factories import CampaignFactory, UnitFactory, UserFactory

from .conftest import attach, build, forwarded, open_zip

pytestmark = pytest.mark.django_db


def list_url(seed):
    return reverse("bundles:list", args=[seed.campaign.code])


def detail_url(bundle):
    return reverse("bundles:detail", args=[bundle.public_id])


def progress_url(bundle):
    return reverse("bundles:progress", args=[bundle.public_id])


def download_url(bundle):
    return reverse("bundles:download", args=[bundle.public_id])


def body_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def polling(body: str) -> bool:
    return 'hx-trigger="every 1s"' in body


def bar_class(body: str) -> str:
    return re.search(r'class="progress-bar (w-pct-\d+)', body).group(1)


@pytest.fixture
def nominees(seed000):
    tran = forwarded(seed000, full_name="Trần Thị Bích")
    attach(tran, "Báo cáo thành tích.pdf")
    return [tran]


@pytest.fixture
def queued(seed000, nominees):
    """A bundle nobody has started building (as with a worker that is busy)."""
    return DossierBundle.objects.create(
        campaign=seed000.campaign,
        unit=seed000.tree.district_a,
        requested_by=seed000.staff_district_a,
    )


class TestEndToEndInline:
    def test_ask_follow_and_download(
        self, client, seed000, nominees, django_capture_on_commit_callbacks
    ):
        client.force_login(seed000.staff_district_a)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(list_url(seed000))
        bundle = DossierBundle.objects.get()
        assert response.status_code == 302
        assert response.url == detail_url(bundle)

        body = body_of(client.get(response.url))
        assert "Ready" in body
        assert not polling(body)
        assert bar_class(body) == "w-pct-100"
        assert download_url(bundle) in body

        download = client.get(download_url(bundle))
        assert download.status_code == 200
        assert download["Content-Type"] == "application/zip"
        moment = timezone.localtime(bundle.finished_at)
        name = f"Hồ sơ QA - bieu-duong-2025 ({moment:%d-%m-%Y %H%M}).zip"
        assert download["Content-Disposition"] == (
            f'attachment; filename="Ho so QA - bieu-duong-2025 ({moment:%d-%m-%Y %H%M}).zip"; '
            f"filename*=utf-8''{quote(name, safe='')}"
        )
        archive = open_zip(b"".join(download.streaming_content))
        assert (
            "QA - bieu-duong-2025/01 - Trần Thị Bích/Tài liệu khác/Báo cáo thành tích.pdf"
            in archive.names
        )

    def test_nothing_to_bundle_is_said_on_the_page(self, client, seed000):
        client.force_login(seed000.staff_district_a)
        body = body_of(client.post(list_url(seed000)))
        assert "Your unit has not forwarded any nomination yet" in body
        assert not DossierBundle.objects.exists()


class TestPolling:
    def test_the_partial_polls_while_waiting_or_running(self, client, seed000, queued):
        client.force_login(seed000.staff_district_a)
        body = body_of(client.get(progress_url(queued)))
        assert polling(body)
        assert f'hx-get="{progress_url(queued)}"' in body
        assert 'hx-swap="outerHTML"' in body
        assert "Waiting for the worker to start" in body
        assert bar_class(body) == "w-pct-0"

        DossierBundle.objects.filter(pk=queued.pk).update(
            state=BundleState.RUNNING, started_at=timezone.now(), done=7, total=20
        )
        body = body_of(client.get(progress_url(queued)))
        assert polling(body)
        assert "7 of 20 files" in body
        assert bar_class(body) == "w-pct-35"
        assert 'aria-valuenow="35"' in body

    def test_the_partial_stops_polling_when_done(self, client, seed000, nominees):
        bundle = build(seed000)
        client.force_login(seed000.staff_district_a)
        body = body_of(client.get(progress_url(bundle)))
        assert not polling(body) and "hx-get" not in body
        assert download_url(bundle) in body

    def test_and_when_failed_with_the_reason(self, client, seed000, queued):
        DossierBundle.objects.filter(pk=queued.pk).update(
            state=BundleState.FAILED, error="The file “x.pdf” could not be produced: hỏng."
        )
        client.force_login(seed000.staff_district_a)
        body = body_of(client.get(progress_url(queued)))
        assert not polling(body)
        assert "The file “x.pdf” could not be produced: hỏng." in body
        assert download_url(queued) not in body

    def test_and_when_the_worker_was_lost(self, client, seed000, queued):
        DossierBundle.objects.filter(pk=queued.pk).update(
            state=BundleState.RUNNING,
            started_at=timezone.now() - limits.STALE_AFTER - timezone.timedelta(seconds=5),
        )
        client.force_login(seed000.staff_district_a)
        body = body_of(client.get(progress_url(queued)))
        assert not polling(body)
        assert "The worker stopped before the dossier was finished" in body

    def test_the_bundle_page_starts_the_polling_and_has_no_inline_style(
        self, client, seed000, queued
    ):
        client.force_login(seed000.staff_district_a)
        body = body_of(client.get(detail_url(queued)))
        assert polling(body)
        assert " style=" not in body and "<script>" not in body
        assert download_url(queued) not in body

    def test_an_unfinished_bundle_cannot_be_downloaded(self, client, seed000, queued):
        client.force_login(seed000.staff_district_a)
        assert client.get(download_url(queued)).status_code == 404


class TestWhoMaySeeWhat:
    def test_anonymous_users_log_in_first(self, client, seed000, queued):
        for url in (
            list_url(seed000),
            detail_url(queued),
            progress_url(queued),
            download_url(queued),
        ):
            response = client.get(url)
            assert response.status_code == 302
            assert response.url.startswith(reverse("login"))
        assert client.post(list_url(seed000)).status_code == 302
        assert DossierBundle.objects.count() == 1

    @pytest.mark.parametrize("who", ["staff_district_b", "staff_grassroots_a", "secretary_a1"])
    def test_outside_the_subtree_a_bundle_does_not_exist(self, client, seed000, nominees, who):
        bundle = build(seed000)
        client.force_login(getattr(seed000, who))
        for url in (detail_url(bundle), progress_url(bundle), download_url(bundle)):
            assert client.get(url).status_code == 404

    def test_the_city_above_may_look(self, client, seed000, nominees):
        bundle = build(seed000)
        client.force_login(seed000.staff_city)
        assert client.get(detail_url(bundle)).status_code == 200
        assert client.get(download_url(bundle)).status_code == 200

    def test_a_cell_secretary_may_not_ask(self, client, seed000, nominees):
        client.force_login(seed000.secretary_a1)
        assert client.post(list_url(seed000)).status_code == 403
        assert client.get(list_url(seed000)).status_code == 403
        assert not DossierBundle.objects.exists()

    def test_a_unit_admin_sees_the_list_without_the_button(self, client, seed000, queued):
        admin = UserFactory(unit=seed000.tree.district_a, role=Role.ADMIN)
        client.force_login(admin)
        body = body_of(client.get(list_url(seed000)))
        assert 'data-testid="bundle-request"' not in body
        assert detail_url(queued) in body
        assert client.post(list_url(seed000)).status_code == 403

    def test_the_standing_committee_gets_the_button(self, client, seed000, nominees):
        client.force_login(seed000.standing_district_a)
        assert 'data-testid="bundle-request"' in body_of(client.get(list_url(seed000)))

    def test_a_campaign_out_of_sight_is_404(self, client, seed000):
        elsewhere = CampaignFactory(organiser=UnitFactory(kind="thanh_uy"))
        client.force_login(seed000.staff_district_a)
        assert client.get(reverse("bundles:list", args=[elsewhere.code])).status_code == 404


class TestTheList:
    def test_the_list_shows_the_units_bundles_newest_first(self, client, seed000, nominees):
        first = build(seed000)
        second = build(seed000, seed000.standing_district_a)
        client.force_login(seed000.staff_district_a)
        body = body_of(client.get(list_url(seed000)))
        assert body.count('data-testid="bundle-row"') == 2
        assert body.index(detail_url(second)) < body.index(detail_url(first))
        assert seed000.standing_district_a.get_full_name() in body
        assert " style=" not in body

    def test_the_queries_do_not_grow_with_the_bundles(self, client, seed000, nominees, queries):
        def make(n):
            for _ in range(n):
                DossierBundle.objects.create(
                    campaign=seed000.campaign,
                    unit=seed000.tree.district_a,
                    requested_by=seed000.standing_district_a,
                    state=BundleState.DONE,
                    file="bundles/x.zip",
                    size=1234,
                    done=3,
                    total=3,
                    nominees=1,
                )

        client.force_login(seed000.staff_district_a)
        make(2)
        with queries() as small:
            assert body_of(client.get(list_url(seed000))).count('data-testid="bundle-row"') == 2
        make(10)
        with queries() as large:
            assert body_of(client.get(list_url(seed000))).count('data-testid="bundle-row"') == 12
        assert len(large) == len(small)

    def test_the_send_up_and_final_list_pages_link_here(self, client, seed000):
        client.force_login(seed000.staff_district_a)
        body = body_of(client.get(reverse("nominations:send-up", args=[seed000.campaign.code])))
        assert f'href="{list_url(seed000)}"' in body
        client.force_login(seed000.staff_city)
        body = body_of(client.get(reverse("nominations:final-list", args=[seed000.campaign.code])))
        assert f'href="{list_url(seed000)}"' in body
