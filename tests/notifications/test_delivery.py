"""Issue 14, point 4 and its failure rule: a notice is in the inbox whatever happens to its
e-mail. The e-mail goes after the commit, to those who have an address and want it, one per
notice or in a daily digest; when the queue (Redis) or the mail server is down it waits and is
sent later, once."""

import smtplib

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from notifications import tasks
from notifications.models import Delivery, Notice, NoticeKind
from notifications.services import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def tell(*users, title="Hồ sơ đã đến cấp đồng chí"):
    return notify(users, NoticeKind.NOMINATION_ARRIVED, title, "Chi bộ 1", "/ho-so/x/")


def age(notices=None):
    """As if the notices were written before the retry's grace period."""
    (notices or Notice.objects).update(created_at=timezone.now() - tasks.RETRY_AFTER)


@pytest.fixture
def wants_each():
    return UserFactory(email="tochuc@example.org")


@pytest.fixture
def wants_digest():
    return UserFactory(email="bithu@example.org", email_digest=True)


def test_each_recipient_is_told_as_they_chose(wants_each, wants_digest):
    no_address = UserFactory(email="")
    turned_off = UserFactory(email="off@example.org", notify_by_email=False)
    inactive = UserFactory(email="gone@example.org", is_active=False)
    notices = {
        n.recipient_id: n.delivery
        for n in tell(wants_each, wants_digest, no_address, turned_off, inactive)
    }
    assert notices == {
        wants_each.pk: Delivery.QUEUED,
        wants_digest.pk: Delivery.DIGEST,
        no_address.pk: Delivery.INBOX,
        turned_off.pk: Delivery.INBOX,
        inactive.pk: Delivery.INBOX,
    }


def test_the_one_who_acted_and_doubles_are_left_out(wants_each, wants_digest):
    notices = notify(
        [wants_each, wants_each, wants_digest], NoticeKind.DEADLINE, "Nhắc", exclude=wants_digest
    )
    assert [n.recipient for n in notices] == [wants_each]


def test_the_email_leaves_after_the_commit_with_a_link(
    wants_each, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://khenthuong.example.vn"
    with django_capture_on_commit_callbacks(execute=True):
        tell(wants_each)
        assert mail.outbox == []  # not before the commit
    (message,) = mail.outbox
    assert message.to == ["tochuc@example.org"]
    assert "Hồ sơ đã đến cấp đồng chí" in message.subject
    assert "https://khenthuong.example.vn/ho-so/x/" in message.body
    assert "đồng chí" in message.body
    assert Notice.objects.get().delivery == Delivery.SENT


def test_nothing_is_told_when_the_transaction_rolls_back(
    wants_each, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        tell(wants_each)
        raise RuntimeError("the caller failed")
    assert not Notice.objects.exists()
    assert mail.outbox == []


def test_the_queue_down_the_notice_stays_and_its_email_is_sent_later(
    wants_each, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.send_notice_emails, "delay", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        tell(wants_each)
    assert mail.outbox == []
    assert Notice.objects.get().delivery == Delivery.QUEUED
    assert tasks.retry_notice_emails() == 0  # too young: the queued task may still come
    age()
    assert tasks.retry_notice_emails() == 1
    assert [m.to for m in mail.outbox] == [["tochuc@example.org"]]
    assert tasks.retry_notice_emails() == 0  # once, not twice


def test_the_mail_server_down_the_email_waits_and_is_sent_once_it_is_back(
    wants_each, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        tell(wants_each)  # the caller does not fail
    notice = Notice.objects.get()
    assert notice.delivery == Delivery.QUEUED and notice.claim is None
    age()
    assert tasks.retry_notice_emails() == 0  # still down
    monkeypatch.undo()
    assert tasks.retry_notice_emails() == 1
    assert len(mail.outbox) == 1


def test_a_notice_another_sender_holds_is_not_sent_twice(wants_each):
    (notice,) = tell(wants_each)
    age()
    Notice.objects.filter(pk=notice.pk).update(
        claim="00000000-0000-0000-0000-000000000001", claimed_at=timezone.now()
    )
    assert tasks.retry_notice_emails() == 0
    # A sender that died long ago: its claim is taken over.
    Notice.objects.filter(pk=notice.pk).update(claimed_at=timezone.now() - tasks.CLAIM_EXPIRES * 2)
    assert tasks.retry_notice_emails() == 1


def test_the_digest_groups_a_users_notices_in_one_email(wants_each, wants_digest):
    other = UserFactory(email="btv@example.org", email_digest=True)
    tell(wants_digest, title="Thứ nhất")
    tell(wants_digest, other, title="Thứ hai")
    mail.outbox.clear()
    assert tasks.send_daily_digests() == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"bithu@example.org", "btv@example.org"}
    body = by_address["bithu@example.org"].body
    assert "Thứ nhất" in body and "Thứ hai" in body
    assert "2" in by_address["bithu@example.org"].subject
    assert not Notice.objects.filter(delivery=Delivery.DIGEST).exists()
    assert tasks.send_daily_digests() == 0  # nothing twice


def test_a_digest_user_gets_no_single_emails(wants_digest, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tell(wants_digest)
    age()
    tasks.retry_notice_emails()
    assert mail.outbox == []
