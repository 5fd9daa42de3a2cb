"""The code e-mail leaves the request: a Celery task queued once the challenge has committed
(inline in the tests, a worker in production), never sent while the voter waits."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from public_votes import tasks
from public_votes.models import EmailChallenge
from tests.public_vote_fixtures import code_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_vote(seed002):
    now = timezone.now()
    return seed002.open_vote(
        opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(hours=1)
    )


def ask(vote, address="an@example.vn"):
    url = reverse("public_votes:public-vote-code", kwargs={"public_id": vote.public_id})
    return Client().post(url, {"email": address})


def test_the_request_only_queues_the_email_after_the_commit(
    live_vote, django_capture_on_commit_callbacks
):
    with mock.patch.object(tasks.send_vote_code, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as waiting:
            response = ask(live_vote)
        assert response.status_code == 302
        delay.assert_not_called()  # nothing queued, nothing sent before the commit
        assert mail.outbox == []
        assert len(waiting) == 1
        waiting[0]()
    address, code, vote_id = delay.call_args.args
    assert (address, vote_id) == ("an@example.vn", live_vote.pk)
    assert len(code) == 6 and EmailChallenge.objects.filter(vote=live_vote).count() == 1


def test_the_task_sends_the_code_that_verifies(live_vote, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(live_vote, "Binh@Example.vn")
    assert mail.outbox[-1].to == ["binh@example.vn"]
    assert code_in(mail.outbox[-1].body)


def test_a_refused_request_queues_nothing(live_vote, django_capture_on_commit_callbacks):
    with (
        mock.patch.object(tasks.send_vote_code, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True) as waiting,
    ):
        response = ask(live_vote, "khong-phai-dia-chi")
    assert response.status_code == 200 and not waiting
    delay.assert_not_called()
