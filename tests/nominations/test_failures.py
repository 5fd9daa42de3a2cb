"""Issue 7, point 7: the database connection drops during a request, or Redis cannot be
reached when a transition queues its e-mail. The user gets a clear page, nothing is written
half-way, and no transition is lost."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError

from core.audit.records import ChainHead, verify_model
from nominations import services
from nominations.models import NominationEvent
from nominations.models import NominationState as S
from notifications import tasks as notification_tasks
from notifications.models import Delivery, Notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def en(client, settings):
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def proposed(seed000):
    return seed000.file(seed000.member(seed000.tree.cell_a1))


def withdraw_url(nomination):
    return reverse("nominations:withdraw", args=[nomination.public_id])


def assert_unavailable(response, explanation):
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    body = response.content.decode()
    assert 'data-testid="service-unavailable"' in body
    assert explanation in body
    assert "nothing was saved half-way" in body


class TestTheDatabaseDrops:
    def test_in_the_middle_of_a_transition_nothing_is_half_written(
        self, en, seed000, proposed, monkeypatch
    ):
        events = NominationEvent.objects.count()

        def connection_lost(*args, **kwargs):
            raise OperationalError("server closed the connection unexpectedly")

        # The nomination's new state is saved; the history is written next, and fails.
        monkeypatch.setattr(ChainHead, "locked", connection_lost)
        en.force_login(seed000.secretary_a1)
        response = en.post(withdraw_url(proposed), {"reason": "Xin rút."})
        assert_unavailable(response, "The connection to the database was interrupted.")
        proposed.refresh_from_db()
        assert proposed.state == S.PROPOSED and proposed.state_reason == ""
        assert NominationEvent.objects.count() == events
        assert verify_model(NominationEvent) == (events, None)

    def test_a_closed_connection(self, en, seed000, proposed, monkeypatch):
        def closed(*args, **kwargs):
            raise InterfaceError("connection already closed")

        monkeypatch.setattr(services, "withdraw", closed)
        en.force_login(seed000.secretary_a1)
        response = en.post(withdraw_url(proposed), {"reason": "Xin rút."})
        assert_unavailable(response, "The connection to the database was interrupted.")

    def test_before_the_view_the_session_cannot_be_read(self, seed000, settings, monkeypatch):
        """Outside any view (a middleware reads the session): the 500 handler gives the same
        503 page, rendered without touching the database."""
        settings.LANGUAGE_CODE = "en"
        client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(seed000.secretary_a1)

        def load(self):
            raise OperationalError("could not connect to server: Connection refused")

        monkeypatch.setattr(SessionStore, "load", load)
        response = client.get(reverse("dashboard"))
        assert_unavailable(response, "The connection to the database was interrupted.")

    def test_any_other_error_is_still_a_500(self, seed000, monkeypatch):
        client = Client(raise_request_exception=False)
        client.force_login(seed000.secretary_a1)

        def load(self):
            raise ValueError("a bug")

        monkeypatch.setattr(SessionStore, "load", load)
        assert client.get(reverse("dashboard")).status_code == 500


class TestRedisIsDown:
    @pytest.fixture
    def broker_down(self, monkeypatch):
        def refuse(*args, **kwargs):
            raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

        monkeypatch.setattr(notification_tasks.send_notice_emails, "delay", refuse)

    @pytest.fixture
    def staff_with_address(self, seed000):
        seed000.staff_grassroots_a.email = "tochuc.anhoa@example.vn"
        seed000.staff_grassroots_a.save()
        return seed000.staff_grassroots_a

    def test_the_transition_stands_and_its_email_waits(
        self,
        en,
        seed000,
        proposed,
        staff_with_address,
        broker_down,
        django_capture_on_commit_callbacks,
    ):
        en.force_login(seed000.secretary_a1)
        with django_capture_on_commit_callbacks(execute=True):
            response = en.post(withdraw_url(proposed), {"reason": "Xin rút."})
        assert response.status_code == 302  # the user's action succeeded
        proposed.refresh_from_db()
        assert proposed.state == S.WITHDRAWN
        assert proposed.events.last().to_state == S.WITHDRAWN
        # The staff's notice is in their inbox, its e-mail owed.
        notice = Notice.objects.get(recipient=staff_with_address, kind="nomination_withdrawn")
        assert notice.delivery == Delivery.QUEUED
        assert mail.outbox == []

    def test_the_waiting_emails_are_sent_once_it_is_back(
        self,
        seed000,
        proposed,
        staff_with_address,
        broker_down,
        monkeypatch,
        django_capture_on_commit_callbacks,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            services.withdraw(seed000.secretary_a1, proposed, "Xin rút.")
        Notice.objects.update(created_at=timezone.now() - notification_tasks.RETRY_AFTER)
        monkeypatch.undo()
        assert notification_tasks.retry_notice_emails.delay().get() == 1
        assert [m.to for m in mail.outbox] == [["tochuc.anhoa@example.vn"]]
        assert not Notice.objects.filter(delivery=Delivery.QUEUED).exists()
        assert notification_tasks.retry_notice_emails() == 0  # sent once, not twice

    def test_a_page_that_needs_redis_says_so(self, en, seed000, proposed, monkeypatch):
        def unreachable(*args, **kwargs):
            raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379.")

        monkeypatch.setattr(services, "withdraw", unreachable)
        en.force_login(seed000.secretary_a1)
        assert_unavailable(
            en.post(withdraw_url(proposed)),
            "The server that queues background work (Redis) cannot be reached.",
        )
