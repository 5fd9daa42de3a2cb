"""The sign-in lockout behind the reverse proxy: per user name and the client's real address
(the hop the proxy appended), so that nobody can lock somebody else out from elsewhere."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from committees.models import Role
from core.network import client_ip
from tests.factories import DEFAULT_PASSWORD, UnitFactory, UserFactory

PROXY = "10.0.0.2"
ATTACKER = "198.51.100.66"
ADMIN_HOME = "203.0.113.7"


@pytest.fixture
def admin(db):
    return UserFactory(username="tp_quantri", role=Role.ADMIN, unit=UnitFactory())


def log_in_through_proxy(client_address, password, forged_header=""):
    """A request as the proxy passes it on: the proxy appends the address it saw."""
    forwarded = f"{forged_header}, {client_address}" if forged_header else client_address
    return Client().post(
        reverse("login"),
        {"username": "tp_quantri", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def fail_five_times(client_address, forged_header=""):
    for _ in range(5):
        log_in_through_proxy(client_address, "sai-mat-khau", forged_header)


@override_settings(BEHIND_PROXY=True)
def test_failures_from_elsewhere_do_not_lock_the_admin_out(admin):
    fail_five_times(ATTACKER)
    assert log_in_through_proxy(ADMIN_HOME, DEFAULT_PASSWORD).status_code == 302


@override_settings(BEHIND_PROXY=True)
def test_the_attackers_own_address_is_locked(admin):
    fail_five_times(ATTACKER)
    assert log_in_through_proxy(ATTACKER, DEFAULT_PASSWORD).status_code == 429


@override_settings(BEHIND_PROXY=True)
def test_a_forged_header_does_not_move_the_lockout_onto_the_victims_address(admin):
    # The attacker claims to be the admin's address; the proxy appends the attacker's own.
    fail_five_times(ATTACKER, forged_header=ADMIN_HOME)
    assert log_in_through_proxy(ADMIN_HOME, DEFAULT_PASSWORD).status_code == 302
    assert log_in_through_proxy(ATTACKER, DEFAULT_PASSWORD).status_code == 429


@override_settings(BEHIND_PROXY=False)
def test_without_the_proxy_the_header_is_never_read(rf):
    request = rf.get("/", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=ADMIN_HOME)
    assert client_ip(request) == ATTACKER


@override_settings(BEHIND_PROXY=True)
@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (f"{ADMIN_HOME}, {ATTACKER}", ATTACKER),
        (f" {ATTACKER} ", ATTACKER),
        ("not-an-address", PROXY),
        ("", PROXY),
        ("2001:db8::1", "2001:db8::1"),
    ],
)
def test_behind_the_proxy_only_the_last_hop_counts(rf, header, expected):
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)
    assert client_ip(request) == expected
