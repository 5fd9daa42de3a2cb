"""Built zips are copies: they are removed ``BUNDLE_KEEP_DAYS`` after they were finished, the
row stays and says so, and a new bundle can be built."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from dossiers.bundles import tasks
from dossiers.models import BundleState, DossierBundle

from .conftest import attach, build, forwarded

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(seed000, media):
    attach(forwarded(seed000, full_name="Trần Thị Bích"), "Báo cáo thành tích.pdf")
    bundle = build(seed000)
    assert bundle.is_ready
    return bundle, Path(bundle.file.path)


def finished_days_ago(bundle, days, seconds=0):
    moment = timezone.now() - datetime.timedelta(days=days, seconds=seconds)
    DossierBundle.objects.filter(pk=bundle.pk).update(finished_at=moment)


def test_a_zip_older_than_the_keeping_period_is_removed_and_the_row_kept(built):
    bundle, path = built
    finished_days_ago(bundle, settings.BUNDLE_KEEP_DAYS, seconds=1)
    assert tasks.remove_old_bundle_zips.delay().get() == 1
    bundle.refresh_from_db()
    assert not path.exists()
    assert (bundle.state, bundle.file.name, bundle.is_removed) == (BundleState.DONE, "", True)
    assert bundle.nominees == 1 and bundle.size  # what was built is still recorded
    assert tasks.remove_old_zips() == 0  # nothing left to remove


def test_a_zip_within_the_keeping_period_stays(built):
    bundle, path = built
    finished_days_ago(bundle, settings.BUNDLE_KEEP_DAYS, seconds=-60)
    assert tasks.remove_old_zips() == 0
    bundle.refresh_from_db()
    assert bundle.is_ready and path.exists()


def test_the_keeping_period_is_a_setting(built, settings):
    bundle, path = built
    settings.BUNDLE_KEEP_DAYS = 2
    finished_days_ago(bundle, 1)
    assert tasks.remove_old_zips() == 0
    assert tasks.remove_old_zips(now=timezone.now() + datetime.timedelta(days=1, seconds=1)) == 1
    assert not path.exists()


def test_failed_bundles_are_left_alone(built):
    bundle, _path = built
    DossierBundle.objects.filter(pk=bundle.pk).update(state=BundleState.FAILED, error="x")
    finished_days_ago(bundle, settings.BUNDLE_KEEP_DAYS + 10)
    assert tasks.remove_old_zips() == 0


def test_a_removed_zip_is_not_served_and_the_pages_say_why(client, seed000, built):
    bundle, _path = built
    finished_days_ago(bundle, settings.BUNDLE_KEEP_DAYS + 1)
    tasks.remove_old_zips()
    client.force_login(seed000.staff_district_a)
    assert client.get(reverse("bundles:download", args=[bundle.public_id])).status_code == 404
    detail = client.get(reverse("bundles:detail", args=[bundle.public_id])).content.decode()
    assert f"The zip was removed {settings.BUNDLE_KEEP_DAYS} days after it was built" in detail
    listing = client.get(reverse("bundles:list", args=[seed000.campaign.code]))
    assert 'data-testid="bundle-removed"' in listing.content.decode()


def test_a_new_bundle_can_be_built_after_the_removal(seed000, built):
    bundle, _path = built
    finished_days_ago(bundle, settings.BUNDLE_KEEP_DAYS + 1)
    tasks.remove_old_zips()
    again = build(seed000)
    assert again.pk != bundle.pk and again.is_ready
