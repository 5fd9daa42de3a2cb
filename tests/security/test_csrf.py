"""Every state change needs the CSRF token: each URL of the permission matrix that accepts a
POST, posted by every role (the allowed ones too) without the token, is refused by the CSRF check
itself, before the view runs, and nothing changes.

Two upload views (the import page and evidence upload) are ``csrf_exempt`` at dispatch and check
the token themselves after the permission and the declared size (so an oversized body is never
read): there, a role the matrix refuses gets the matrix's refusal, and the roles allowed in get
the CSRF refusal."""

import pytest
from django.http import HttpResponseForbidden
from django.test import Client
from django.urls import resolve, reverse

from tests.security import figures
from tests.security.test_permission_matrix import DECLARED, fingerprint
from tests.security.world import ROLES

CSRF_REFUSED = "X-Test-Csrf-Refused"


def csrf_refused(request, reason=""):
    response = HttpResponseForbidden(reason)
    response[CSRF_REFUSED] = "1"
    return response


def posting_pages():
    """The pages whose view takes a POST from somebody (the matrix declares a status other than
    405 for at least one role, or ``-`` for an allowed change)."""
    return [
        page for page in DECLARED if any(code != "405" for code in page.statuses("post", "inside"))
    ]


@pytest.mark.django_db
def test_every_post_without_the_token_is_refused_by_the_csrf_check(world, settings):
    settings.CSRF_FAILURE_VIEW = "tests.security.test_csrf.csrf_refused"
    clients = {"anonymous": Client(enforce_csrf_checks=True)}
    for role in ROLES:
        clients[role] = Client(enforce_csrf_checks=True)
        clients[role].force_login(world.users[role])
    before = fingerprint()
    pages, wrong, checks = posting_pages(), [], 0
    for page in pages:
        url = page.reverse(world.inside)
        checks_itself = getattr(resolve(url).func, "csrf_exempt", False)
        refusals = {
            "anonymous": str(page.anon_post or page.anon),
            **dict(zip(ROLES, page.statuses("post", "inside"), strict=True)),
        }
        for who, client in clients.items():
            response = client.post(url, {"reason": "x", "title": "x"})
            checks += 1
            if response.status_code == 403 and CSRF_REFUSED in response:
                continue
            if (
                checks_itself
                and refusals[who] in {"302", "403", "404"}
                and (str(response.status_code) == refusals[who])
            ):
                continue
            wrong.append(f"POST {page.name} by {who}: {response.status_code}")
    figures.lines["csrf"] = (
        f"CSRF: {len(pages)} POST views × {len(clients)} clients = "
        f"{checks} token-less posts refused"
    )
    assert not wrong, "\n".join(wrong)
    assert fingerprint() == before
    assert len(pages) >= 30  # the matrix really found the state-changing views


@pytest.mark.django_db
def test_the_same_post_with_the_token_reaches_the_view(world, settings):
    """The control: the refusal above is the missing token, not the post itself."""
    settings.CSRF_FAILURE_VIEW = "tests.security.test_csrf.csrf_refused"
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["staff"])
    client.get(reverse("password_change"))
    token = client.cookies["csrftoken"].value
    response = client.post(reverse("password_change"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 200 and CSRF_REFUSED not in response
