""" "Hồ sơ của tôi": each user edits their own name, e-mail, phone and notification choices;
a bad value is refused at its field and nothing is saved."""

import pytest
from django import forms
from django.urls import reverse

from core.profile import normalise_phone
from tests.factories import UserFactory


@pytest.fixture
def me(db):
    return UserFactory(full_name="Nguyễn Văn Khánh", email="khanh@example.vn", phone="")


def details(**changes):
    return {
        "full_name": "Nguyễn Văn Khánh",
        "email": "khanh@example.vn",
        "phone": "",
        "notify_by_email": "on",
        **changes,
    }


def save(client, **changes):
    return client.post(reverse("profile"), details(**changes))


def test_the_page_needs_a_login(client, db):
    assert client.get(reverse("profile"))["Location"].startswith(reverse("login"))


def test_the_page_shows_the_own_details_and_is_in_the_user_menu(client, me):
    client.force_login(me)
    page = client.get(reverse("profile")).content.decode()
    assert "Hồ sơ của tôi" in page and 'href="/tai-khoan-cua-toi/"' in page
    assert 'value="khanh@example.vn"' in page
    assert "Gửi thông báo cho tôi qua thư điện tử" in page


def test_saving_changes_name_email_phone_and_notification_choices(client, me):
    client.force_login(me)
    response = save(
        client,
        full_name="Nguyễn Văn Khánh Linh",
        email="linh@example.vn",
        phone="091 234 5678",
        notify_by_email="",
        email_digest="on",
    )
    assert response["Location"] == reverse("profile")
    me.refresh_from_db()
    assert (me.full_name, me.email, me.phone) == (
        "Nguyễn Văn Khánh Linh",
        "linh@example.vn",
        "0912345678",
    )
    assert me.notify_by_email is False and me.email_digest is True


@pytest.mark.parametrize(
    "typed, kept",
    [
        ("0912345678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("(0292) 381 2345", "02923812345"),
    ],
)
def test_a_vietnamese_phone_number_keeps_its_leading_zero(typed, kept):
    assert normalise_phone(typed) == kept


@pytest.mark.parametrize(
    "typed", ["912345678", "091234567", "091234567890", "0012345678", "09123abc78", "+1 202 555"]
)
def test_anything_else_is_not_a_phone_number(typed):
    with pytest.raises(forms.ValidationError, match="Đây không phải số điện thoại Việt Nam"):
        normalise_phone(typed)


def test_a_bad_phone_is_refused_at_its_field_and_nothing_is_saved(client, me):
    client.force_login(me)
    response = save(client, phone="12345", full_name="Tên Mới")
    assert response.status_code == 200
    assert "Đây không phải số điện thoại Việt Nam." in response.context["form"].errors["phone"][0]
    me.refresh_from_db()
    assert me.full_name == "Nguyễn Văn Khánh" and me.phone == ""
    assert "Tên Mới" not in response.content.decode().split("dropdown-menu")[0]  # the navbar


def test_an_email_of_another_account_is_refused_whatever_its_case(client, me):
    UserFactory(email="Linh@Example.vn")
    client.force_login(me)
    response = save(client, email="linh@example.VN")
    assert response.context["form"].errors["email"] == [
        "Địa chỉ thư điện tử này đã được một tài khoản khác sử dụng."
    ]
    me.refresh_from_db()
    assert me.email == "khanh@example.vn"


def test_keeping_the_own_email_or_leaving_it_empty_is_fine(client, me):
    UserFactory(email="")
    client.force_login(me)
    assert save(client)["Location"] == reverse("profile")
    assert save(client, email="")["Location"] == reverse("profile")


def test_a_malformed_email_and_an_empty_name_are_refused(client, me):
    client.force_login(me)
    errors = save(client, email="khanh@", full_name="  ").context["form"].errors
    assert set(errors) == {"email", "full_name"}


def test_the_page_cannot_change_anything_else(client, me):
    client.force_login(me)
    save(client, role="admin", is_superuser="on", must_change_password="on", username="x")
    me.refresh_from_db()
    assert not me.is_superuser and me.username != "x" and not me.must_change_password
    assert me.role != "admin"
