"""Issue 7, point 7, for bundles: the worker dies in the middle, or Redis cannot be reached
when the bundle is asked for. The user is told, nothing half-built is served, and asking again
works."""

import os
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from dossiers.bundles import limits, providers, services, tasks
from dossiers.bundles.building import BundleFile
from dossiers.models import BundleState, DossierBundle

from .conftest import attach, build, forwarded

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """What a SIGKILL looks like from inside: no ``except Exception`` runs."""


@pytest.fixture
def nominees(seed000):
    tran = forwarded(seed000, full_name="Trần Thị Bích")
    attach(tran, "Báo cáo thành tích.pdf")
    le = forwarded(seed000, full_name="Lê Văn Ánh", cell=seed000.tree.cell_a2)
    attach(le, "Báo cáo thành tích.pdf")
    return [tran, le]


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.build_bundle, "apply_async", refuse)


class TestTheWorkerDiesMidway:
    @pytest.fixture
    def killed(self, seed000, nominees, extra_provider, media, monkeypatch):
        """The worker is killed while writing the second nominee's files: the row stays
        "running" and the partial zip stays on disk, as after a real kill."""

        def dying(context, nominee):
            def produce():
                if nominee.number == 2:
                    # A kill runs no clean-up: keep a copy of the partial zip as it was.
                    for leftover in (media / "bundles" / "partial").glob("*.part"):
                        os.link(leftover, leftover.with_suffix(".killed.part"))
                    raise WorkerKilled
                return b"ok"

            yield BundleFile("ghi-chu.txt", produce)

        extra_provider(dying, per=providers.NOMINEE)
        monkeypatch.setattr(limits, "PROGRESS_INTERVAL", 0)
        with pytest.raises(WorkerKilled):
            build(seed000)
        bundle = DossierBundle.objects.get()
        assert bundle.state == BundleState.RUNNING and 0 < bundle.done < bundle.total
        [leftover] = (media / "bundles" / "partial").glob("*.part")
        return bundle, leftover

    def past_the_time_limit(self, bundle, leftover):
        moment = timezone.now() - limits.STALE_AFTER - timezone.timedelta(seconds=1)
        DossierBundle.objects.filter(pk=bundle.pk).update(started_at=moment)
        old = time.time() - limits.STALE_AFTER.total_seconds() - 1
        os.utime(leftover, (old, old))

    def test_nothing_half_built_is_ever_served(self, client, seed000, killed):
        bundle, _leftover = killed
        client.force_login(seed000.staff_district_a)
        assert client.get(reverse("bundles:download", args=[bundle.public_id])).status_code == 404

    def test_past_the_time_limit_it_is_marked_failed_and_the_partial_removed(self, killed):
        bundle, leftover = killed
        assert tasks.fail_interrupted() == 0  # still within the limit: it may be alive
        self.past_the_time_limit(bundle, leftover)
        assert tasks.fail_interrupted_bundles.delay().get() == 1
        bundle.refresh_from_db()
        assert bundle.state == BundleState.FAILED and not bundle.file
        assert bundle.error.startswith("The worker building the dossier stopped")
        assert not leftover.exists()

    def test_asking_again_builds_it(self, seed000, killed, extra_provider):
        bundle, leftover = killed
        # Within the limit, a new request returns the running one (no second build at once).
        assert (
            services.request_bundle(
                seed000.staff_district_a, seed000.campaign, seed000.tree.district_a
            )
            == bundle
        )
        self.past_the_time_limit(bundle, leftover)
        providers.unregister(
            *[p for p in providers.providers(providers.NOMINEE) if p.__name__ == "dying"]
        )
        again = build(seed000)
        assert again != bundle and again.state == BundleState.DONE and again.is_ready


class TestRedisIsDown:
    @pytest.mark.django_db(transaction=True)  # the request commits, as in production
    def test_the_request_says_try_again_later(self, client, seed000, nominees, broker_down):
        client.force_login(seed000.staff_district_a)
        response = client.post(reverse("bundles:list", args=[seed000.campaign.code]))
        assert response.status_code == 503
        assert (
            "cannot be reached at the moment. Nothing was lost: please try again later"
            in response.content.decode()
        )
        bundle = DossierBundle.objects.get()
        assert bundle.state == BundleState.FAILED and bundle.finished_at is not None

    def test_once_it_is_back_asking_again_works(self, seed000, nominees, monkeypatch, broker_down):
        first = build(seed000)
        assert first.state == BundleState.FAILED
        monkeypatch.undo()
        second = build(seed000)
        assert second != first and second.state == BundleState.DONE
