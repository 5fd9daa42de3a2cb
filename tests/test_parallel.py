"""The test run's own plumbing for parallel workers (tests/parallel.py): pure, no database."""

import pytest

from tests.parallel import redis_url_for, worker_number
from tests.security import figures


@pytest.mark.parametrize(
    "url,number,expected",
    [
        ("redis://127.0.0.1:6379/0", 0, "redis://127.0.0.1:6379/0"),
        ("redis://127.0.0.1:6379/6", 1, "redis://127.0.0.1:6379/7"),
        ("redis://127.0.0.1:6379", 1, "redis://127.0.0.1:6379/1"),
        ("redis://:secret@redis:6379/15", 1, "redis://:secret@redis:6379/0"),
    ],
)
def test_each_worker_gets_its_own_redis_database(url, number, expected):
    assert redis_url_for(url, number) == expected


def test_worker_numbers():
    assert [worker_number(w) for w in ("gw0", "gw1", "gw12", "", "master")] == [0, 1, 12, 0, 0]


def test_the_workers_figures_add_up(monkeypatch):
    monkeypatch.setattr(figures, "races", {"cap": [10, 2, 0]})
    monkeypatch.setattr(figures, "hostile_inputs", figures.Counter({"form posts": 3}))
    figures.merge({"lines": {}, "hostile_inputs": {"form posts": 2}, "races": {"cap": [5, 1, 0]}})
    assert figures.races == {"cap": [15, 3, 0]}
    assert figures.hostile_inputs["form posts"] == 5
