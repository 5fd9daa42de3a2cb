"""Issue 14, point 5: the units that have not filed (or not sent up) are reminded 7 and 1 days
before the deadline (``REMINDER_DAYS``), in the inbox and by e-mail, and the progress page
reminds them at once; a unit is never reminded twice of one deadline at one offset, however
often beat runs, even twice at the same moment (PostgreSQL)."""

import datetime
import threading

import pytest
from django.contrib.messages import get_messages
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from nominations import reminders, services
from nominations.models import NominationState as S
from notifications.models import DeadlineKind, Notice, NoticeKind, ReminderSent
from notifications.services import reminder_offset
from tests.workflow_fixtures import BEFORE, DEADLINE, HCM

pytestmark = pytest.mark.django_db

SEVEN_DAYS_BEFORE = datetime.datetime(2025, 1, 8, 7, 0, tzinfo=HCM)
FIVE_DAYS_BEFORE = datetime.datetime(2025, 1, 10, 7, 0, tzinfo=HCM)
THE_DAY_BEFORE = datetime.datetime(2025, 1, 14, 7, 0, tzinfo=HCM)


def deadline_notices(user):
    return Notice.objects.filter(recipient=user, kind=NoticeKind.DEADLINE)


@pytest.fixture
def cell_a1_filed(seed000):
    seed000.file(seed000.member(seed000.tree.cell_a1))
    return seed000


class TestTheOffsetDue:
    @pytest.mark.parametrize(
        ("now", "due"),
        [
            (datetime.datetime(2025, 1, 1, 7, 0, tzinfo=HCM), None),  # 14 days: not yet
            (SEVEN_DAYS_BEFORE, 7),
            (FIVE_DAYS_BEFORE, 7),  # a missed run is caught up
            (THE_DAY_BEFORE, 1),
            (datetime.datetime(2025, 1, 14, 23, 0, tzinfo=HCM), 1),
            (DEADLINE, None),  # passed
        ],
    )
    def test_the_smallest_offset_not_below_the_days_left(self, now, due):
        assert reminder_offset(DEADLINE, (7, 1), now) == due


def test_the_units_that_filed_nothing_are_reminded_seven_days_before(cell_a1_filed):
    seed = cell_a1_filed
    reminded = reminders.remind_due(SEVEN_DAYS_BEFORE)
    tree = seed.tree
    silent = {tree.cell_a2, tree.cell_b1, tree.cell_b2, tree.grassroots_cell_a}
    assert reminded == len(silent)
    assert set(ReminderSent.objects.values_list("unit", flat=True)) == {u.pk for u in silent}
    (notice,) = deadline_notices(seed.secretary_school)
    assert "7" in notice.body
    assert notice.url == reverse("nominations:unit-nominations", args=[seed.campaign.code])
    # The cell that filed is not reminded.
    assert not deadline_notices(seed.secretary_a1).exists()


def test_beat_running_twice_reminds_nobody_twice(cell_a1_filed):
    seed = cell_a1_filed
    reminders.remind_due(SEVEN_DAYS_BEFORE)
    assert reminders.remind_due(SEVEN_DAYS_BEFORE) == 0
    assert reminders.remind_due(FIVE_DAYS_BEFORE) == 0
    assert deadline_notices(seed.secretary_school).count() == 1


def test_the_day_before_they_are_reminded_again(cell_a1_filed):
    seed = cell_a1_filed
    reminders.remind_due(SEVEN_DAYS_BEFORE)
    assert reminders.remind_due(THE_DAY_BEFORE) == 4
    assert deadline_notices(seed.secretary_school).count() == 2
    assert set(ReminderSent.objects.values_list("days_before", flat=True)) == {1, 7}


def test_a_unit_that_files_meanwhile_is_not_reminded_again(cell_a1_filed):
    seed = cell_a1_filed
    reminders.remind_due(SEVEN_DAYS_BEFORE)
    seed.file(seed.member(seed.tree.grassroots_cell_a))
    reminders.remind_due(THE_DAY_BEFORE)
    assert deadline_notices(seed.secretary_school).count() == 1


def test_the_reminders_are_emailed(cell_a1_filed, django_capture_on_commit_callbacks):
    from django.core import mail

    seed = cell_a1_filed
    seed.secretary_school.email = "bithu.truong@example.org"
    seed.secretary_school.save()
    with django_capture_on_commit_callbacks(execute=True):
        reminders.remind_due(SEVEN_DAYS_BEFORE)
    assert [m.to for m in mail.outbox] == [["bithu.truong@example.org"]]


def test_the_units_that_have_not_sent_up_are_reminded(seed000):
    seed000.district.forward_cap_percent = None
    seed000.district.save()
    session, (nomination,) = seed000.decide_at_district(honor=0, forward=1)
    services.close_session(seed000.staff_district_a, session, now=BEFORE)
    nomination.refresh_from_db()
    assert nomination.state == S.FORWARDED
    reminders.remind_due(SEVEN_DAYS_BEFORE)
    (sent,) = ReminderSent.objects.filter(deadline_kind=DeadlineKind.SENDING_UP)
    assert sent.unit == seed000.tree.district_a
    (notice,) = deadline_notices(seed000.staff_district_a)
    assert notice.url == reverse("nominations:send-up", args=[seed000.campaign.code])


class TestTheProgressPageAction:
    @pytest.fixture
    def open_deadline(self, seed000):
        seed000.city.closes_at = timezone.now() + datetime.timedelta(days=3)
        seed000.city.save()
        return seed000

    def url(self, seed):
        return reverse("nominations:remind-units", args=[seed.campaign.code])

    def test_staff_remind_the_units_under_them_at_once(self, client, open_deadline):
        seed = open_deadline
        client.force_login(seed.staff_grassroots_a)
        response = client.post(self.url(seed))
        assert response.status_code == 302
        said = str(list(get_messages(response.wsgi_request))[-1])
        assert "2" in said.split()  # two cells under the committee filed nothing
        assert deadline_notices(seed.secretary_a1).count() == 1
        # Units under other committees are not theirs to remind.
        assert not ReminderSent.objects.exclude(
            unit__path__startswith=seed.tree.grassroots_a.path
        ).exists()

    def test_pressing_it_twice_reminds_nobody_twice(self, client, open_deadline):
        seed = open_deadline
        client.force_login(seed.staff_grassroots_a)
        client.post(self.url(seed))
        response = client.post(self.url(seed))
        said = str(list(get_messages(response.wsgi_request))[-1])
        assert "0" in said.split()
        assert deadline_notices(seed.secretary_a1).count() == 1

    def test_the_button_is_on_the_progress_page(self, client, open_deadline):
        client.force_login(open_deadline.staff_grassroots_a)
        page = client.get(reverse("nominations:progress", args=[open_deadline.campaign.code]))
        assert 'data-testid="remind-units"' in page.content.decode()

    def test_a_cell_secretary_may_not(self, client, open_deadline):
        client.force_login(open_deadline.secretary_a1)
        assert client.post(self.url(open_deadline)).status_code == 403
        assert not ReminderSent.objects.exists()

    def test_after_the_deadline_it_says_so_and_tells_nobody(self, client, seed000):
        client.force_login(seed000.staff_grassroots_a)
        response = client.post(self.url(seed000), follow=True)
        assert response.status_code == 200
        assert not ReminderSent.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections")
@pytest.mark.parametrize("attempt", range(3))
def test_two_beats_at_the_same_moment_remind_each_unit_once(cell_a1_filed, attempt):
    seed = cell_a1_filed
    barrier = threading.Barrier(2)
    results = [None, None]

    def run(i):
        try:
            barrier.wait(timeout=10)
            results[i] = reminders.remind_due(SEVEN_DAYS_BEFORE)
        except Exception as error:
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(results) == 4, results  # together, each silent unit once
    assert ReminderSent.objects.count() == 4
    assert deadline_notices(seed.secretary_school).count() == 1
