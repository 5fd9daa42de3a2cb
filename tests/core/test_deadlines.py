"""A deadline is an exclusive instant; people are shown its last accepted moment, to the second,
in Vietnam time, the same way everywhere; a countdown turns amber at 7 days and red at 1 day."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from core.deadlines import AMBER, CALM, PASSED, RED, deadline_line, deadline_text, urgency
from core.templatetags.moments import countdown

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
#: "trước ngày 15/01/2025": 00:00:00 on the 15th is the first moment refused
DEADLINE = datetime.datetime(2025, 1, 15, 0, 0, 0, tzinfo=HCM)
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def test_the_last_accepted_moment_is_written_in_full_with_its_time_zone():
    assert deadline_text(DEADLINE) == "23 giờ 59 phút 59 giây ngày 14/01/2025 (giờ Việt Nam)"
    assert deadline_line(DEADLINE) == (
        "Hạn chót: 23 giờ 59 phút 59 giây ngày 14/01/2025 (giờ Việt Nam)"
    )


def test_one_second_on_each_side_of_the_deadline():
    # the moment before the deadline is the last accepted one, the deadline itself is not
    assert deadline_text(DEADLINE + SECOND) == (
        "00 giờ 00 phút 00 giây ngày 15/01/2025 (giờ Việt Nam)"
    )
    assert deadline_text(DEADLINE - SECOND) == (
        "23 giờ 59 phút 58 giây ngày 14/01/2025 (giờ Việt Nam)"
    )
    assert urgency(DEADLINE, now=DEADLINE - SECOND) == RED
    assert urgency(DEADLINE, now=DEADLINE) == PASSED


def test_a_deadline_stored_in_utc_is_written_in_vietnam_time():
    utc = DEADLINE.astimezone(datetime.UTC)  # 17:00:00 on the 14th in UTC
    assert deadline_text(utc) == deadline_text(DEADLINE)


def test_a_deadline_in_the_afternoon():
    five_pm = datetime.datetime(2023, 4, 29, 17, 0, tzinfo=HCM)
    assert deadline_text(five_pm) == "16 giờ 59 phút 59 giây ngày 29/04/2023 (giờ Việt Nam)"


def test_no_deadline_writes_nothing():
    assert deadline_text(None) == deadline_line(None) == ""


@pytest.mark.parametrize(
    ("left", "state"),
    [
        (datetime.timedelta(days=7) + SECOND, CALM),
        (datetime.timedelta(days=7), AMBER),
        (datetime.timedelta(days=1) + SECOND, AMBER),
        (datetime.timedelta(days=1), RED),
        (SECOND, RED),
        (datetime.timedelta(0), PASSED),
        (-SECOND, PASSED),
    ],
)
def test_the_countdown_turns_amber_at_seven_days_and_red_at_one(left, state):
    assert urgency(DEADLINE, now=DEADLINE - left) == state


def test_the_countdown_badge_says_the_time_left_in_its_colour():
    assert countdown(DEADLINE, now=DEADLINE - datetime.timedelta(days=3))["badge"] == (
        "text-bg-warning"
    )
    red = countdown(DEADLINE, now=DEADLINE - datetime.timedelta(hours=5))
    assert (red["badge"], red["left"]) == ("text-bg-danger", "5 giờ")
    assert countdown(DEADLINE, now=DEADLINE)["passed"] is True
    assert countdown(None) == {"moment": None}


def test_the_template_filter_is_the_same_wording():
    rendered = Template("{% load moments %}{{ moment|deadline }}").render(
        Context({"moment": DEADLINE})
    )
    assert rendered == deadline_text(DEADLINE)
