"""Two-factor backup codes (django-otp's static device), so that a lost phone does not lock
anyone out, and the sessions that end when two-factor login is turned on."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP

from core import two_factor
from core.sessions import end_sessions
from tests.factories import DEFAULT_PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def no_throttle(settings):
    # A wrong code otherwise locks the device for a second (django-otp's throttle).
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def account(db):
    return UserFactory(username="nk_tochuc")


@pytest.fixture
def device(account):
    device = two_factor.enrolling_device(account)
    device.confirmed = True
    device.save()
    return device


def code_at(device, steps_ago=0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = timezone.now().timestamp() - steps_ago * device.step
    return f"{totp.token():06d}"


def log_in(client, token):
    client.post(reverse("login"), {"username": "nk_tochuc", "password": DEFAULT_PASSWORD})
    return client.post(reverse("two-factor-verify"), {"token": token})


def make_codes(client) -> list[str]:
    response = client.post(reverse("two-factor-backup-codes"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", response.content.decode())


@pytest.fixture
def codes(client, device):
    log_in(client, code_at(device))
    made = make_codes(client)
    client.post(reverse("logout"))
    return made


def test_ten_codes_are_shown_once_and_never_again(client, device):
    log_in(client, code_at(device))
    made = make_codes(client)
    assert len(made) == 10 == len(set(made))
    page = client.get(reverse("two-factor-backup-codes")).content.decode()
    assert not any(code in page for code in made)
    assert "Đồng chí còn 10 mã dự phòng chưa dùng." in page


def test_a_backup_code_logs_in_instead_of_the_app_and_says_how_many_are_left(client, codes):
    response = log_in(client, codes[0].upper().replace("-", " "))
    assert response["Location"] == reverse("dashboard")
    page = client.get(reverse("dashboard")).content.decode()
    assert "còn 9 mã" in page


def test_each_backup_code_works_once(client, codes):
    log_in(client, codes[0])
    client.post(reverse("logout"))
    replay = log_in(client, codes[0])
    assert replay.status_code == 200
    assert "Mã không đúng hoặc đã được dùng." in replay.content.decode()
    assert "_auth_user_id" not in client.session


def test_new_codes_stop_the_old_ones(client, codes):
    log_in(client, codes[2])  # the app's code of this time step was used by the fixture
    new = make_codes(client)
    client.post(reverse("logout"))
    assert log_in(client, codes[1]).status_code == 200  # refused
    assert "_auth_user_id" not in client.session
    assert log_in(client, new[0])["Location"] == reverse("dashboard")


def test_a_made_up_code_is_refused_at_the_field(client, device, codes):
    for typed in ("abcd-efgh", "12345", "xin chao"):
        response = log_in(client, typed)
        assert response.status_code == 200
        assert response.context["form"].errors["token"]
        assert "_auth_user_id" not in client.session


def test_codes_need_two_factor_login_and_a_verified_session(client, account, device):
    client.force_login(account)  # a password alone (no code) in this session
    response = client.post(reverse("two-factor-backup-codes"))
    assert response["Location"] == reverse("two-factor-backup-codes")
    assert two_factor.backup_codes_left(account) == 0
    page = client.get(reverse("two-factor-backup-codes")).content.decode()
    assert page.count("Đồng chí hãy đăng nhập lại bằng mã trên ứng dụng") == 2  # message, page
    other = UserFactory()
    client.force_login(other)
    page = client.get(reverse("two-factor-backup-codes")).content.decode()
    assert "đồng chí hãy bật đăng nhập hai bước trước" in page
    assert client.post(reverse("two-factor-backup-codes"))["Location"] == reverse(
        "two-factor-enrol"
    )


def test_turning_two_factor_on_again_drops_the_old_codes(client, account, codes):
    assert two_factor.backup_codes_left(account) == 10
    account.totpdevice_set.all().delete()  # an administrator reset the two-factor login
    client.force_login(account)
    client.get(reverse("two-factor-enrol"))
    fresh = two_factor.enrolling_device(account)
    client.post(reverse("two-factor-enrol"), {"token": code_at(fresh)})
    assert two_factor.backup_codes_left(account) == 0


# --- sessions end when two-factor login is turned on ------------------------------------------


def password_session(account) -> Client:
    client = Client()
    client.post(reverse("login"), {"username": account.username, "password": DEFAULT_PASSWORD})
    assert client.get(reverse("dashboard")).status_code == 200
    return client


def test_turning_two_factor_on_ends_the_other_sessions_and_renews_this_one(account):
    laptop, phone, someone_else = (
        password_session(account),
        password_session(account),
        password_session(UserFactory()),
    )
    old_key = laptop.session.session_key
    laptop.get(reverse("two-factor-enrol"))
    device = two_factor.enrolling_device(account)
    response = laptop.post(reverse("two-factor-enrol"), {"token": code_at(device)})
    assert response["Location"] == reverse("two-factor-backup-codes")
    assert laptop.session.session_key != old_key
    assert not Session.objects.filter(session_key=old_key).exists()
    assert laptop.get(reverse("dashboard")).status_code == 200
    assert phone.get(reverse("dashboard"))["Location"].startswith(reverse("login"))
    assert someone_else.get(reverse("dashboard")).status_code == 200


def test_end_sessions_ends_every_session_of_the_user_but_the_one_kept(account):
    kept, ended = password_session(account), password_session(account)
    other = password_session(UserFactory())
    assert end_sessions(account, except_session_key=kept.session.session_key) == 1
    assert kept.get(reverse("dashboard")).status_code == 200
    assert ended.get(reverse("dashboard")).status_code == 302
    assert other.get(reverse("dashboard")).status_code == 200
    assert end_sessions(account) == 1
    assert kept.get(reverse("dashboard")).status_code == 302
