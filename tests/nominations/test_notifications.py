"""Each transition tells those it concerns (the staff of the level it arrives at; the filing
unit of a return or a rejection): a notice in their inbox and, through Celery once the
transaction has committed, an e-mail."""

import os
import time

import pytest
from django.core import mail
from django.urls import reverse

from committees.models import Role
from nominations import services
from notifications.models import Delivery, Notice, NoticeKind
from tests.factories import UserFactory
from tests.workflow_fixtures import BEFORE

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_addresses(seed000):
    seed000.secretary_a1.email = "bithu.kv1@example.vn"
    seed000.secretary_a1.save()
    seed000.staff_grassroots_a.email = "tochuc.anhoa@example.vn"
    seed000.staff_grassroots_a.save()
    return seed000


def test_submitting_notifies_the_next_levels_staff(
    with_addresses, django_capture_on_commit_callbacks
):
    seed = with_addresses
    with django_capture_on_commit_callbacks(execute=True):
        nomination = seed.file(seed.member(seed.tree.cell_a1, full_name="Võ Thị Sáu Mươi"))
    recipients = [m.to[0] for m in mail.outbox]
    assert "tochuc.anhoa@example.vn" in recipients
    # The filer acted: they are not told about their own action.
    assert "bithu.kv1@example.vn" not in recipients
    message = next(m for m in mail.outbox if m.to == ["tochuc.anhoa@example.vn"])
    assert "Võ Thị Sáu Mươi" in message.subject
    assert seed.tree.grassroots_a.name in message.body
    assert f"/ho-so/{nomination.public_id}/" in message.body
    assert nomination.events.count() == 2


def test_returning_notifies_the_filer_with_the_reason(
    with_addresses, django_capture_on_commit_callbacks
):
    seed = with_addresses
    nomination = seed.file(seed.member(seed.tree.cell_a1))
    with django_capture_on_commit_callbacks(execute=True):
        services.return_for_revision(
            seed.staff_grassroots_a, nomination, "Bổ sung số liệu mô hình dân vận khéo."
        )
    (message,) = [m for m in mail.outbox if m.to == ["bithu.kv1@example.vn"]]
    assert "Bổ sung số liệu mô hình dân vận khéo." in message.body


def test_a_refused_action_sends_nothing(with_addresses, django_capture_on_commit_callbacks):
    seed = with_addresses
    nomination = seed.file(seed.member(seed.tree.cell_a1))
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Exception):  # noqa: B017 - any refusal will do
        services.return_for_revision(seed.staff_grassroots_a, nomination, "   ")
    assert callbacks == []
    assert mail.outbox == []


def test_other_staff_at_other_units_are_not_told(
    with_addresses, django_capture_on_commit_callbacks
):
    seed = with_addresses
    UserFactory(unit=seed.tree.grassroots_b, role=Role.STAFF, email="xa.nhonai@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        seed.file(seed.member(seed.tree.cell_a1))
    assert all(m.to != ["xa.nhonai@example.vn"] for m in mail.outbox)


@pytest.mark.celery_worker
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL and a broker")
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_sends_the_mail(seed000):
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    seed000.staff_grassroots_a.email = "tochuc.anhoa@example.vn"
    seed000.staff_grassroots_a.save()
    app.conf.task_always_eager = False
    app.conf.result_backend = os.environ["REDIS_URL"]
    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        notice = Notice.objects.get(recipient=seed000.staff_grassroots_a)
        assert f"/ho-so/{nomination.public_id}/" == notice.url
        # Queued after the commit, sent by the worker.
        for _ in range(200):
            notice.refresh_from_db()
            if notice.delivery == Delivery.SENT:
                break
            time.sleep(0.1)
        assert notice.delivery == Delivery.SENT
    assert any(m.to == ["tochuc.anhoa@example.vn"] for m in mail.outbox)


# --- the inbox: each transition's notice, to whom it concerns ----------------------------------


def kinds_of(user):
    return list(Notice.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_nomination_arriving_tells_the_levels_staff_in_the_inbox(seed000):
    nomination = seed000.file(seed000.member(seed000.tree.cell_a1, full_name="Lê Văn Tám"))
    (notice,) = Notice.objects.filter(recipient=seed000.staff_grassroots_a)
    assert notice.kind == NoticeKind.NOMINATION_ARRIVED
    assert "Lê Văn Tám" in notice.title
    assert notice.url == reverse("nominations:detail", args=[nomination.public_id])
    # The filer, who acted, and staff elsewhere are not told.
    assert kinds_of(seed000.secretary_a1) == []
    assert kinds_of(seed000.staff_district_b) == []


def test_a_return_tells_the_filing_unit_with_the_reason(seed000):
    colleague = UserFactory(unit=seed000.tree.cell_a1, role=Role.STAFF)
    nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
    services.return_for_revision(seed000.staff_grassroots_a, nomination, "Thiếu biên bản họp.")
    for user in (seed000.secretary_a1, colleague):
        (notice,) = Notice.objects.filter(recipient=user)
        assert notice.kind == NoticeKind.NOMINATION_RETURNED
        assert "Thiếu biên bản họp." in notice.body


def test_a_rejection_tells_the_filing_unit_with_the_reason(seed000):
    nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
    services.reject(seed000.staff_grassroots_a, nomination, "Đang bị xem xét kỷ luật.")
    (notice,) = Notice.objects.filter(recipient=seed000.secretary_a1)
    assert notice.kind == NoticeKind.NOMINATION_REJECTED
    assert "Đang bị xem xét kỷ luật." in notice.body


def test_a_vote_outcome_tells_the_filer(seed000):
    session, (nomination,) = seed000.decide_at_district(honor=1, forward=0)
    services.close_session(seed000.staff_district_a, session, now=BEFORE)
    notices = Notice.objects.filter(recipient=seed000.secretary_a1)
    decided = notices.get(kind=NoticeKind.NOMINATION_DECIDED, title__contains="Cấp ủy")
    assert nomination.person.full_name in decided.title


def test_sending_up_tells_the_next_levels_staff(seed000):
    seed000.district.forward_cap_percent = None  # no cap: one forwarded is enough here
    seed000.district.save()
    session, (nomination,) = seed000.decide_at_district(honor=0, forward=1)
    services.close_session(seed000.staff_district_a, session, now=BEFORE)
    services.send_up(seed000.staff_district_a, [nomination], now=BEFORE)
    assert kinds_of(seed000.staff_city) == [NoticeKind.NOMINATION_ARRIVED]


def test_the_returned_nomination_is_at_the_top_of_the_cells_dashboard(client, seed000):
    nomination = seed000.file(seed000.member(seed000.tree.cell_a1, full_name="Phạm Thị Hoa"))
    services.return_for_revision(seed000.staff_grassroots_a, nomination, "Bổ sung minh chứng.")
    client.force_login(seed000.secretary_a1)
    page = client.get(reverse("dashboard")).content.decode()
    alert = page[page.index('data-testid="returned-nominations"') :]
    assert page.index('data-testid="returned-nominations"') < page.index(
        'data-testid="open-campaigns"'
    )
    assert "Phạm Thị Hoa" in alert and "Bổ sung minh chứng." in alert
    # Submitted again: the alert is gone.
    services.submit(seed000.secretary_a1, nomination, now=BEFORE)
    assert (
        'data-testid="returned-nominations"'
        not in client.get(reverse("dashboard")).content.decode()
    )
