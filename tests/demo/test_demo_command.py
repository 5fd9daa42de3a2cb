"""`manage.py demo`: the setup steps in order, then the server without the autoreloader."""

from io import StringIO

import pytest
from django.core.management import call_command

from demo.management.commands import demo


@pytest.fixture
def calls(monkeypatch):
    recorded = []

    def fake_call_command(name, *args, **options):
        recorded.append((name, args, options))

    monkeypatch.setattr(demo, "call_command", fake_call_command)
    return recorded


def test_sets_up_then_serves_on_localhost(calls):
    call_command("demo", stdout=StringIO())
    assert [name for name, _, _ in calls] == [
        "migrate",
        "collectstatic",
        "seed_demo",
        "seed_demo_campaigns",
        "runserver",
    ]
    assert calls[0][2]["interactive"] is False
    assert calls[1][2]["interactive"] is False
    _, args, options = calls[-1]
    assert args == ("127.0.0.1:8000",)
    assert options["use_reloader"] is False


def test_no_serve_stops_after_seeding(calls):
    call_command("demo", "--no-serve", stdout=StringIO())
    assert [name for name, _, _ in calls] == [
        "migrate",
        "collectstatic",
        "seed_demo",
        "seed_demo_campaigns",
    ]


def test_runs_for_real_without_serving(db, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    assert "bithu_kv1" in out.getvalue()
    assert (tmp_path / "static" / "css" / "app.css").exists()
