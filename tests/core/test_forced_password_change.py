"""A user whose password someone else chose (an initial password, an import, a reset by an
administrator) changes it before anything else; choosing their own clears the flag."""

import pytest
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, UserFactory

NEW_PASSWORD = "Hoa-sen-2026-mua-thu"


@pytest.fixture
def initial(db):
    return UserFactory(username="moi_cap", must_change_password=True)


def change(client, old=DEFAULT_PASSWORD, new=NEW_PASSWORD):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


@pytest.mark.parametrize(
    "url",
    ["/", "/to-chuc/", "/ho-so/", "/tai-khoan-cua-toi/", "/quan-tri/", "/khong-co-trang-nay/"],
)
def test_every_page_sends_an_initial_password_to_the_change_page(client, initial, url):
    client.force_login(initial)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == reverse("password_change")


def test_the_change_page_says_why(client, initial):
    client.force_login(initial)
    response = client.get(reverse("password_change"))
    assert response.status_code == 200
    assert "Mật khẩu hiện tại do người khác đặt" in response.content.decode()


@pytest.mark.parametrize("name", ["logout", "set_language", "healthz", "two-factor-enrol"])
def test_logging_out_the_language_the_health_check_and_enrolling_stay_open(client, initial, name):
    client.force_login(initial)
    method = client.get if name in {"healthz", "two-factor-enrol"} else client.post
    response = method(reverse(name))
    assert response.get("Location") != reverse("password_change")


def test_static_files_stay_open(client, initial):
    client.force_login(initial)
    assert client.get("/static/js/app.js").status_code == 200


def test_choosing_an_own_password_clears_the_flag_and_opens_the_system(client, initial):
    client.force_login(initial)
    response = change(client)
    assert response["Location"] == reverse("dashboard")
    initial.refresh_from_db()
    assert initial.must_change_password is False and initial.check_password(NEW_PASSWORD)
    assert client.get(reverse("dashboard")).status_code == 200  # still logged in


def test_typing_the_initial_password_again_is_refused(client, initial):
    client.force_login(initial)
    response = change(client, new=DEFAULT_PASSWORD)
    assert "Mật khẩu mới phải khác mật khẩu hiện tại." in response.content.decode()
    initial.refresh_from_db()
    assert initial.must_change_password is True


def test_a_wrong_current_password_changes_nothing(client, initial):
    client.force_login(initial)
    response = change(client, old="khong-phai-mat-khau")
    assert response.status_code == 200
    initial.refresh_from_db()
    assert initial.must_change_password is True and initial.check_password(DEFAULT_PASSWORD)


def test_logging_in_with_an_initial_password_goes_to_the_change_page(client, initial):
    client.post(reverse("login"), {"username": "moi_cap", "password": DEFAULT_PASSWORD})
    assert client.get(reverse("dashboard"))["Location"] == reverse("password_change")


def test_an_account_without_the_flag_is_not_sent_anywhere(client, db):
    client.force_login(UserFactory())
    assert client.get(reverse("dashboard")).status_code == 200


def test_an_admin_required_to_enrol_enrols_first_without_a_loop(client, initial, settings):
    settings.OTP_REQUIRED_FOR_ADMINS = True
    initial.is_superuser = True
    initial.save()
    client.force_login(initial)
    assert client.get(reverse("dashboard"))["Location"] == reverse("two-factor-enrol")
    assert client.get(reverse("two-factor-enrol")).status_code == 200
