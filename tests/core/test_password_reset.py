""" "Quên mật khẩu": a link by e-mail, the same answer whether an account has the address or
not, and a link that cannot be used says why (used, expired, deactivated account)."""

import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core import password_reset
from tests.factories import DEFAULT_PASSWORD, UserFactory

NEW_PASSWORD = "Hoa-sen-2026-mua-thu"


@pytest.fixture(autouse=True)
def locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def ask_for_link(client, django_capture_on_commit_callbacks):
    """Posts the address; the e-mail goes out once the request has committed."""

    def ask(email):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("password_reset"), {"email": email})

    return ask


@pytest.fixture
def account(db):
    return UserFactory(username="nk_tochuc", email="Nguyen.Khanh@example.vn")


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def confirm_url(user, token=None):
    return reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": token or default_token_generator.make_token(user),
        },
    )


def choose_password(client, url, password=NEW_PASSWORD):
    """Opens the link as the e-mail gives it, then posts the new password where it leads."""
    opened = client.get(url)
    if opened.status_code != 302:
        return opened
    return client.post(opened["Location"], {"new_password1": password, "new_password2": password})


# --- asking for a link ------------------------------------------------------------------------


def test_a_known_address_gets_a_link_in_vietnamese_whatever_its_case(client, account, ask_for_link):
    response = ask_for_link("nguyen.khanh@EXAMPLE.vn")
    assert response["Location"] == reverse("password_reset_done")
    (message,) = mail.outbox
    assert message.to == ["Nguyen.Khanh@example.vn"]
    assert "mật khẩu mới" in message.subject
    assert message.body.startswith("Kính gửi đồng chí")
    assert link_in(message).startswith("/quen-mat-khau/")


def test_no_answer_tells_whether_an_account_has_the_address(client, account, ask_for_link):
    inactive = UserFactory(email="da.nghi@example.vn", is_active=False)
    answers = [
        ask_for_link(email)
        for email in ("Nguyen.Khanh@example.vn", "khong.co.ai@example.vn", inactive.email)
    ]
    assert {(a.status_code, a["Location"]) for a in answers} == {
        (302, reverse("password_reset_done"))
    }
    assert [m.to for m in mail.outbox] == [["Nguyen.Khanh@example.vn"]]
    page = client.get(reverse("password_reset_done")).content.decode()
    assert "Nếu có tài khoản dùng địa chỉ thư điện tử này" in page


def test_an_account_without_a_usable_password_may_ask_for_its_first_one(client, db, ask_for_link):
    imported = UserFactory(email="moi.nhap@example.vn")
    imported.set_unusable_password()
    imported.save()
    ask_for_link("moi.nhap@example.vn")
    assert len(mail.outbox) == 1


def test_one_address_gets_at_most_three_emails_an_hour_and_the_same_page(
    client, account, ask_for_link
):
    answers = [ask_for_link(account.email) for _ in range(5)]
    assert {a["Location"] for a in answers} == {reverse("password_reset_done")}
    assert len(mail.outbox) == password_reset.EMAILS_PER_HOUR


def test_the_login_page_links_to_forgot_password(client, db):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()


# --- using the link ---------------------------------------------------------------------------


def test_the_link_sets_the_new_password_and_clears_the_forced_change(client, account, ask_for_link):
    account.must_change_password = True
    account.save()
    ask_for_link(account.email)
    response = choose_password(client, link_in(mail.outbox[0]))
    assert response["Location"] == reverse("password_reset_complete")
    account.refresh_from_db()
    assert account.check_password(NEW_PASSWORD)
    assert account.must_change_password is False
    assert "_auth_user_id" not in client.session  # it does not log in by itself


def test_the_new_password_follows_the_password_rules(client, account):
    response = choose_password(client, confirm_url(account), password="12345")
    assert "Mật khẩu này hoàn toàn là số." in response.content.decode()
    account.refresh_from_db()
    assert account.check_password(DEFAULT_PASSWORD)


def refusal_on(response) -> str:
    assert response.status_code == 200
    assert response.context["validlink"] is False
    return response.content.decode()


def test_a_link_used_twice_is_refused_as_used(client, account):
    url = confirm_url(account)
    choose_password(client, url)
    page = refusal_on(choose_password(client, url, password="Mot-mat-khau-khac-99"))
    assert "Liên kết này đã được dùng" in page
    account.refresh_from_db()
    assert account.check_password(NEW_PASSWORD)


def test_a_link_is_used_up_once_the_account_signs_in(client, account):
    url = confirm_url(account)
    client.post(reverse("login"), {"username": "nk_tochuc", "password": DEFAULT_PASSWORD})
    client.post(reverse("logout"))
    assert "Liên kết này đã được dùng" in refusal_on(client.get(url))


class FourDaysAgo(PasswordResetTokenGenerator):
    def _now(self):
        return datetime.now() - timedelta(days=4)


def test_an_expired_link_is_refused_as_expired(client, account, settings):
    settings.PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
    url = confirm_url(account, FourDaysAgo().make_token(account))
    page = refusal_on(choose_password(client, url))
    assert "Liên kết này đã hết hạn" in page
    account.refresh_from_db()
    assert account.check_password(DEFAULT_PASSWORD)


def test_a_deactivated_account_is_refused_even_with_a_fresh_link(client, account):
    url = confirm_url(account)
    account.is_active = False
    account.save()
    page = refusal_on(client.get(url))
    assert "Tài khoản này đã bị khóa" in page
    account.refresh_from_db()
    assert account.check_password(DEFAULT_PASSWORD)


def test_an_account_deactivated_between_opening_the_link_and_saving_is_refused(client, account):
    opened = client.get(confirm_url(account))
    type(account).objects.filter(pk=account.pk).update(is_active=False)
    response = client.post(
        opened["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert "Tài khoản này đã bị khóa" in refusal_on(response)
    account.refresh_from_db()
    assert account.check_password(DEFAULT_PASSWORD)


@pytest.mark.parametrize(
    "uidb64, token",
    [
        ("MTIzNDU2Nzg", "abc-123"),  # no such account
        ("%%%", "x"),  # not base64
        (None, "garbage"),  # the account's own id, a token from nowhere
        (None, "zz!-abcdef"),  # not base 36
    ],
)
def test_a_garbled_link_is_refused_as_not_valid(client, account, uidb64, token):
    uidb64 = uidb64 or urlsafe_base64_encode(force_bytes(account.pk))
    url = reverse("password_reset_confirm", kwargs={"uidb64": uidb64, "token": token})
    assert "Liên kết này không hợp lệ" in refusal_on(client.get(url))


def test_the_email_goes_out_only_after_the_request_commits(client, account):
    # Sent by the worker after the commit: the page answers in the same time for any address.
    client.post(reverse("password_reset"), {"email": account.email})
    assert mail.outbox == []
