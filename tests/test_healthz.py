"""/healthz/: the load balancer's check, and the minimal page the benchmark compares with."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_answers_ok_without_login_or_queries(client, queries):
    response, count = queries.page(client, reverse("healthz"))
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().strip() == "ok"
    assert count == 0
