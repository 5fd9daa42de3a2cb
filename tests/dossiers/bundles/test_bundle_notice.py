"""Issue 14, point 4: whoever asked for a bundle is told in the inbox (and by e-mail) when it is
ready, with a link to its page."""

import pytest
from django.urls import reverse

from dossiers.models import BundleState
from nominations import services
from notifications.models import Notice, NoticeKind
from tests.workflow_fixtures import BEFORE

from .conftest import build

pytestmark = pytest.mark.django_db


def test_the_one_who_asked_is_told_the_bundle_is_ready(seed000):
    seed000.district.forward_cap_percent = None
    seed000.district.save()
    session, _ = seed000.decide_at_district(honor=0, forward=1)
    services.close_session(seed000.staff_district_a, session, now=BEFORE)
    bundle = build(seed000)
    assert bundle.state == BundleState.DONE
    (notice,) = Notice.objects.filter(kind=NoticeKind.BUNDLE_READY)
    assert notice.recipient == seed000.staff_district_a
    assert seed000.tree.district_a.name in notice.title
    assert notice.url == reverse("bundles:detail", args=[bundle.public_id])
