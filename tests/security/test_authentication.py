"""Logging in: throttling with a lockout, the password policy, session expiry, the security
headers, the production settings (``check --deploy``) and the optional TOTP second step."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django_otp.oath import TOTP

from committees.models import Role
from core import two_factor
from tests.factories import DEFAULT_PASSWORD, UnitFactory, UserFactory

BASE_DIR = Path(django_settings.BASE_DIR)


@pytest.fixture
def account(db):
    return UserFactory(username="nk_tochuc", role=Role.STAFF, unit=UnitFactory())


def log_in(client, username="nk_tochuc", password=DEFAULT_PASSWORD, **extra):
    return client.post(
        reverse("login"),
        {"username": username, "password": password, **extra},
        REMOTE_ADDR="203.0.113.7",
    )


# --- throttling -------------------------------------------------------------------------------


def test_a_user_name_longer_than_any_account_is_a_wrong_login_not_an_error(client, account):
    # The lockout records keep the name in 255 characters: PostgreSQL refused 256 with a 500.
    for name in ("n" * 150, "n" * 151, "Ậ" * 1000):
        response = log_in(client, username=name, password="sai-mat-khau")
        assert response.status_code == 200
        assert response.context["form"].errors  # at the name, or as a wrong login


def test_four_failures_still_let_the_right_password_in(client, account):
    for _ in range(4):
        assert log_in(client, password="sai-mat-khau").status_code == 200
    response = log_in(client)
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")


def test_the_fifth_failure_locks_the_account_even_for_the_right_password(client, account):
    for _ in range(5):
        log_in(client, password="sai-mat-khau")
    response = log_in(client)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Tài khoản tạm thời bị khóa" in page
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_username_and_address(client, account):
    UserFactory(username="pd_tochuc", unit=account.unit)
    for _ in range(5):
        log_in(client, password="sai-mat-khau")
    assert log_in(client, username="pd_tochuc").status_code == 302
    other_address = client.post(
        reverse("login"),
        {"username": "nk_tochuc", "password": DEFAULT_PASSWORD},
        REMOTE_ADDR="198.51.100.9",
    )
    assert other_address.status_code == 302


# --- password policy --------------------------------------------------------------------------


def refusal(password, user=None) -> list[str]:
    with translation.override("vi"):
        try:
            validate_password(password, user)
        except ValidationError as error:
            return error.messages
    return []


def test_ten_characters_pass_and_nine_do_not(account):
    assert refusal("Kv7#mQ2!xz", account) == []
    assert refusal("Kv7#mQ2!x", account) == [
        "Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất 10 ký tự."
    ]


def test_common_numeric_and_look_alike_passwords_are_refused_in_vietnamese(account):
    assert "Mật khẩu này quá phổ biến." in refusal("password123")
    assert "Mật khẩu này hoàn toàn là số." in refusal("2025202520252025")
    account.full_name = "Nguyen Van Thanhtochuc"
    assert any(m.startswith("Mật khẩu quá giống với") for m in refusal("nk_tochuc1", account))


def test_the_change_password_page_enforces_the_policy(client, account):
    client.force_login(account)
    response = client.post(
        reverse("password_change"),
        {"old_password": DEFAULT_PASSWORD, "new_password1": "12345", "new_password2": "12345"},
    )
    assert response.status_code == 200
    assert "Mật khẩu này hoàn toàn là số." in response.content.decode()
    account.refresh_from_db()
    assert account.check_password(DEFAULT_PASSWORD)


# --- sessions ---------------------------------------------------------------------------------


def test_a_session_lasts_a_working_day_and_ends_with_the_browser(client, account):
    assert django_settings.SESSION_COOKIE_AGE == 8 * 3600
    assert django_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    log_in(client)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # a browser-session cookie
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    session = Session.objects.get(session_key=cookie.value)
    left = (session.expire_date - timezone.now()).total_seconds()
    assert 8 * 3600 - 60 < left <= 8 * 3600


def test_an_expired_session_is_sent_to_log_in(client, account):
    log_in(client)
    assert client.get(reverse("dashboard")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- headers ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["login", "dashboard"])
def test_every_page_carries_the_security_headers(client, account, name):
    client.force_login(account)
    response = client.get(reverse(name))
    assert response.status_code == 200
    csp = dict(
        part.strip().split(" ", 1)
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    )
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
    assert csp["object-src"] == "'none'" and csp["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


# --- production settings ----------------------------------------------------------------------

PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "k" * 20 + "Xq9!vB2#mT7$zL4%wR8^pN3&sD6*hF1(jG5)",
    "ALLOWED_HOSTS": "khenthuong.example.vn",
}


def run_python(code_or_args, env_extra, tmp_path):
    # A clean environment: only what the settings are given here (not the test run's own).
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    env.update(env_extra, VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(  # noqa: S603
        [sys.executable, *code_or_args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_the_production_settings(tmp_path):
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV, tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_without_them(tmp_path):
    """The control: the same check on the embedded defaults does warn."""
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        {"SECRET_KEY": PRODUCTION_ENV["SECRET_KEY"]},
        tmp_path,
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # no HSTS


def settings_in(env, tmp_path) -> dict:
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ('DEBUG', 'SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
        "'SESSION_COOKIE_AGE', 'SESSION_EXPIRE_AT_BROWSER_CLOSE')}))"
    )
    result = run_python(["-c", code], env, tmp_path)
    assert result.returncode == 0, result.stderr
    import json

    return json.loads(result.stdout)


def test_production_turns_on_secure_cookies_and_https_even_with_debug_asked(tmp_path):
    values = settings_in({**PRODUCTION_ENV, "DEBUG": "1"}, tmp_path)
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_SSL_REDIRECT"] and values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600


def test_secure_1_is_production_too_and_the_session_length_is_configurable(tmp_path):
    values = settings_in(
        {
            "SECURE": "1",
            "SECRET_KEY": PRODUCTION_ENV["SECRET_KEY"],
            "SESSION_COOKIE_AGE": "3600",
            "SESSION_EXPIRE_AT_BROWSER_CLOSE": "0",
        },
        tmp_path,
    )
    assert values["SESSION_COOKIE_SECURE"] and values["SECURE_SSL_REDIRECT"]
    assert values["SESSION_COOKIE_AGE"] == 3600
    assert values["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is False


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_python(["manage.py", "check"], {"DJANGO_ENV": "production"}, tmp_path)
    assert result.returncode != 0
    assert "Set SECRET_KEY in the environment" in result.stderr
    assert not (tmp_path / "secret_key").exists()


# --- two-factor login (TOTP) ------------------------------------------------------------------


def code_at(device, steps_ago=0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = timezone.now().timestamp() - steps_ago * device.step
    return f"{totp.token():06d}"


@pytest.fixture
def no_throttle(settings):
    # A wrong code otherwise locks the device for a second (django-otp's throttle), which a
    # test that tries a wrong then the right code would have to wait for.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.fixture
def enrolled(account):
    device = two_factor.enrolling_device(account)
    device.confirmed = True
    device.save()
    return device


def test_the_enrolment_page_shows_the_secret_and_an_inline_qr_code(client, account):
    client.force_login(account)
    response = client.get(reverse("two-factor-enrol"))
    page = response.content.decode()
    device = two_factor.enrolling_device(account)
    assert two_factor.secret_text(device) in page
    assert "<svg" in page and "<img" not in page.split("two-factor-qr", 1)[1][:200]
    assert device.confirmed is False


def test_a_wrong_code_does_not_confirm_the_device_and_the_right_one_does(
    client, account, no_throttle
):
    client.force_login(account)
    client.get(reverse("two-factor-enrol"))
    device = two_factor.enrolling_device(account)
    response = client.post(reverse("two-factor-enrol"), {"token": code_at(device, steps_ago=2)})
    assert "Mã không đúng hoặc đã được dùng." in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    response = client.post(reverse("two-factor-enrol"), {"token": code_at(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed


def test_with_a_device_the_password_alone_does_not_log_in(client, enrolled):
    response = log_in(client)
    assert response["Location"] == reverse("two-factor-verify")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("dashboard"))["Location"].startswith(reverse("login"))


def test_the_code_of_the_previous_step_is_accepted_two_steps_back_is_not(
    client, enrolled, no_throttle
):
    log_in(client)
    refused = client.post(reverse("two-factor-verify"), {"token": code_at(enrolled, 2)})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    accepted = client.post(reverse("two-factor-verify"), {"token": code_at(enrolled, 1)})
    assert accepted["Location"] == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_code_cannot_be_used_twice(client, enrolled, no_throttle):
    token = code_at(enrolled)
    log_in(client)
    assert client.post(reverse("two-factor-verify"), {"token": token}).status_code == 302
    client.post(reverse("logout"))
    log_in(client)
    replay = client.post(reverse("two-factor-verify"), {"token": token})
    assert replay.status_code == 200
    assert "Mã không đúng hoặc đã được dùng." in replay.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_wrong_code_slows_the_next_try(client, enrolled):
    log_in(client)
    client.post(reverse("two-factor-verify"), {"token": code_at(enrolled, 3)})
    response = client.post(reverse("two-factor-verify"), {"token": code_at(enrolled)})
    assert "Nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_code_step_expires(client, enrolled, no_throttle):
    log_in(client)
    session = client.session
    session[two_factor.PENDING_SINCE] -= two_factor.PENDING_SECONDS + 1
    session.save()
    response = client.post(reverse("two-factor-verify"), {"token": code_at(enrolled)})
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_the_code_step_without_a_password_step_goes_back_to_log_in(client, db):
    assert client.get(reverse("two-factor-verify"))["Location"] == reverse("login")


def test_admins_can_be_required_to_enrol(client, account, settings):
    settings.OTP_REQUIRED_FOR_ADMINS = True
    admin = UserFactory(role=Role.ADMIN, unit=account.unit)
    client.force_login(admin)
    assert client.get(reverse("dashboard"))["Location"] == reverse("two-factor-enrol")
    assert client.get(reverse("two-factor-enrol")).status_code == 200
    client.force_login(account)  # staff are not required
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_required_admin_with_a_verified_code_gets_in(client, account, settings, no_throttle):
    settings.OTP_REQUIRED_FOR_ADMINS = True
    account.role = Role.ADMIN
    account.save()
    device = two_factor.enrolling_device(account)
    device.confirmed = True
    device.save()
    log_in(client)
    client.post(reverse("two-factor-verify"), {"token": code_at(device)})
    assert client.get(reverse("dashboard")).status_code == 200


def test_the_admin_site_logs_in_through_the_two_step_login(client, enrolled):
    response = client.get("/quan-tri/")
    assert response.status_code == 302
    login_page = client.get(response["Location"])
    assert login_page.status_code == 302
    assert login_page["Location"].startswith(reverse("login") + "?next=")
    # The admin's own password-only form is not reachable: a password alone gets no session.
    client.post("/quan-tri/login/", {"username": "nk_tochuc", "password": DEFAULT_PASSWORD})
    assert "_auth_user_id" not in client.session
