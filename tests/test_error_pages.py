"""The error pages (``handler400``, ``handler403``, ``handler404``, ``handler500`` in
``config/urls.py``, written in ``config/failures.py``) are the site's own: its layout, in the
language the user chose (Vietnamese unless English was chosen), a way back, the menu where the
request can still be read, and on the 403 page the reason the code gave."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from committees.views import tree

pytestmark = pytest.mark.django_db

FINAL_LIST_REFUSED = {
    "vi": "Danh sách tổng hợp do đơn vị tổ chức đợt khen thưởng quản lý.",
    "en": "The final list is kept by the organising unit.",
}


def speaking(language: str, **kwargs) -> Client:
    """A client whose user chose ``language`` in the footer (Django's language cookie)."""
    client = Client(**kwargs)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def in_the_layout(body: str) -> None:
    assert 'class="navbar' in body and "<footer" in body
    assert 'data-testid="way-back"' in body
    assert f'href="{reverse("dashboard")}"' in body


@pytest.mark.parametrize(
    ("language", "heading", "home"),
    [
        ("vi", "Không tìm thấy trang", "Về trang chủ"),
        ("en", "Page not found", "Go to the start page"),
    ],
)
def test_a_missing_page_is_404_in_the_layout_with_the_menu(seed000, language, heading, home):
    client = speaking(language)
    client.force_login(seed000.secretary_a1)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    body = response.content.decode()
    in_the_layout(body)
    assert heading in body and home in body
    assert 'data-testid="user-menu"' in body  # the navigation of a logged-in user
    assert f'href="{reverse("committees:unit-tree")}"' in body


def test_404_offers_the_page_the_user_came_from_when_it_is_on_this_site(seed000):
    client = speaking("vi")
    client.force_login(seed000.secretary_a1)
    came_from = "http://testserver" + reverse("campaigns:list")
    response = client.get("/khong-co/", HTTP_REFERER=came_from)
    assert f'href="{came_from}"' in response.content.decode()
    response = client.get("/khong-co/", HTTP_REFERER="https://evil.example/")
    assert "evil.example" not in response.content.decode()
    assert "Quay lại trang trước" not in response.content.decode()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_403_says_why_in_the_chosen_language(seed000, language):
    """The final list's view refuses with a message that used to reach only the log."""
    client = speaking(language)
    client.force_login(seed000.staff_district_a)
    response = client.get(reverse("nominations:final-list", args=[seed000.campaign.code]))
    assert response.status_code == 403
    body = response.content.decode()
    in_the_layout(body)
    assert FINAL_LIST_REFUSED[language] in body
    assert ("Không có quyền" if language == "vi" else "Not permitted") in body


def test_the_403_reason_is_escaped(seed000, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionDenied("<script>alert(1)</script> & nothing else")

    monkeypatch.setattr(tree.UnitTreeView, "get", refuse)
    client = speaking("en")
    client.force_login(seed000.secretary_a1)
    body = client.get(reverse("committees:unit-tree")).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; nothing else" in body
    assert "<script>alert(1)" not in body


def test_403_without_a_reason_gives_a_general_one(seed000, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionDenied

    monkeypatch.setattr(tree.UnitTreeView, "get", refuse)
    client = speaking("vi")
    client.force_login(seed000.secretary_a1)
    response = client.get(reverse("committees:unit-tree"))
    assert response.status_code == 403
    assert "Vai trò của đồng chí không được phép" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "heading"),
    [("vi", "Không đọc được yêu cầu"), ("en", "The request could not be read")],
)
def test_a_request_for_another_host_is_400_in_the_layout(language, heading):
    response = speaking(language).get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    body = response.content.decode()
    in_the_layout(body)
    assert heading in body


@pytest.mark.parametrize(
    ("language", "heading"), [("vi", "Đã xảy ra lỗi"), ("en", "Something went wrong")]
)
def test_a_crash_is_500_in_the_layout(seed000, language, heading, monkeypatch):
    def crash(*args, **kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr(tree.UnitTreeView, "get", crash)
    client = speaking(language, raise_request_exception=False)
    client.force_login(seed000.secretary_a1)
    response = client.get(reverse("committees:unit-tree"))
    assert response.status_code == 500
    body = response.content.decode()
    in_the_layout(body)
    assert heading in body
    # rendered without the request: no menu, no account (they come from the database)
    assert 'data-testid="user-menu"' not in body


def test_the_500_page_renders_without_any_query(rf, queries):
    from config.failures import server_error

    with queries.exactly(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert 'data-testid="error-500"' in response.content.decode()


@pytest.mark.parametrize(
    ("language", "heading"),
    [("vi", "Hệ thống tạm thời gián đoạn"), ("en", "Service temporarily unavailable")],
)
def test_the_503_page_has_a_way_back(language, heading):
    from django.db import OperationalError
    from django.utils import translation

    from config.failures import service_unavailable

    with translation.override(language):
        body = service_unavailable(OperationalError("down")).content.decode()
    in_the_layout(body)
    assert heading in body


@pytest.mark.parametrize(
    ("language", "heading"),
    [("vi", "Biểu mẫu đã hết hiệu lực"), ("en", "The form has expired")],
)
def test_a_form_sent_without_its_token_gets_the_sites_403_page(seed000, language, heading):
    client = speaking(language, enforce_csrf_checks=True)
    client.force_login(seed000.secretary_a1)
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    body = response.content.decode()
    in_the_layout(body)
    assert heading in body
