"""Time left before a deadline, in whole units."""

import datetime

import pytest
from django.utils import translation

from core.templatetags.moments import time_left

NOW = datetime.datetime(2025, 1, 14, 12, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (datetime.timedelta(days=12, hours=3), "12 days"),
        (datetime.timedelta(days=2, hours=3, minutes=5), "2 days 3 hours"),
        (datetime.timedelta(hours=1), "1 hour"),
        (datetime.timedelta(minutes=45, seconds=30), "45 minutes"),
        (datetime.timedelta(seconds=1), "1 minute"),
        (datetime.timedelta(0), "passed"),
        (datetime.timedelta(seconds=-1), "passed"),
    ],
)
def test_time_left(delta, text):
    with translation.override("en"):
        assert time_left(NOW + delta, NOW) == text


def test_in_vietnamese():
    with translation.override("vi"):
        assert time_left(NOW + datetime.timedelta(days=2, hours=3), NOW) == "2 ngày 3 giờ"
