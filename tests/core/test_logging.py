"""Logs someone can follow: one JSON object per line with the request's id, the id in the
response, an e-mail to ADMINS on a server error."""

import json
import logging
import logging.config

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import path, reverse

from core.request_id import RequestIdFilter, current


def broken_view(request):
    raise RuntimeError("hỏng")


urlpatterns = [path("hong/", broken_view, name="broken")]


@pytest.mark.django_db
def test_every_response_carries_a_request_id(client):
    first = client.get(reverse("healthz"))["X-Request-ID"]
    second = client.get(reverse("healthz"))["X-Request-ID"]
    assert len(first) == 32 and first != second


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("given", "kept"),
    [("req-2026-12-07-abc", True), ("short", False), ("<script>alert(1)</script>", False)],
)
def test_the_proxys_id_is_kept_only_when_it_looks_like_one(client, given, kept):
    answered = client.get(reverse("healthz"), HTTP_X_REQUEST_ID=given)["X-Request-ID"]
    assert (answered == given) is kept


def test_a_log_line_is_json_with_the_request_id(settings):
    formatter = logging.config.DictConfigurator(settings.LOGGING).configure_formatter(
        settings.LOGGING["formatters"]["json"]
    )
    record = logging.LogRecord(
        "nominations", logging.WARNING, __file__, 1, "Hồ sơ %s", ("A",), None
    )
    token = current.set("abc123def456")
    try:
        RequestIdFilter().filter(record)
    finally:
        current.reset(token)
    line = json.loads(formatter.format(record))
    assert line["request_id"] == "abc123def456"
    assert (line["level"], line["logger"], line["message"]) == ("WARNING", "nominations", "Hồ sơ A")


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, ADMINS=[("Quản trị", "quantri@example.org")])
def test_a_server_error_is_mailed_to_the_admins():
    response = Client(raise_request_exception=False).get("/hong/")
    assert response.status_code == 500
    [message] = mail.outbox
    assert message.to == ["quantri@example.org"]
    assert "RuntimeError" in message.body or "hỏng" in message.body
