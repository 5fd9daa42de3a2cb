"""Issue 14, point 4: every user's inbox. The bell counts the unread notices, the list shows
the user's own notices (in a fixed number of queries), opening one marks it read and goes to its
object, and a notice of someone else does not exist for the user."""

import pytest
from django.urls import reverse

from notifications.models import Notice, NoticeKind
from notifications.services import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INBOX = reverse("notifications:inbox")


@pytest.fixture
def reader(client):
    user = UserFactory(email="bithu@example.org")
    client.force_login(user)
    return user


def notices_for(user, n, **kwargs):
    return [
        notify(
            [user],
            kwargs.get("kind", NoticeKind.DEADLINE),
            f"Nhắc hạn số {i}",
            "Còn 7 ngày.",
            kwargs.get("url", "/ho-so/"),
        )[0]
        for i in range(n)
    ]


def test_the_bell_shows_the_unread_count(client, reader):
    notices_for(reader, 3)
    Notice.objects.filter(pk=Notice.objects.first().pk).update(read_at="2026-01-01T00:00Z")
    page = client.get(reverse("dashboard")).content.decode()
    assert 'data-testid="notice-bell"' in page
    assert 'data-testid="unread-count">2<' in page


def test_no_unread_notice_no_badge(client, reader):
    page = client.get(reverse("dashboard")).content.decode()
    assert 'data-testid="notice-bell"' in page
    assert 'data-testid="unread-count"' not in page


def test_the_inbox_lists_only_the_users_own_notices(client, reader):
    notices_for(reader, 2)
    notices_for(UserFactory(), 1, url="/khac/")
    page = client.get(INBOX).content.decode()
    assert page.count('data-testid="notice"') == 2
    assert "Còn 7 ngày." in page


def test_opening_a_notice_marks_it_read_and_goes_to_its_object(client, reader):
    (notice,) = notices_for(reader, 1, url="/ho-so/abc/")
    response = client.get(reverse("notifications:open", args=[notice.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/ho-so/abc/"
    notice.refresh_from_db()
    assert notice.is_read


def test_a_link_off_the_site_is_never_followed(client, reader):
    (notice,) = notices_for(reader, 1, url="https://evil.example/")
    response = client.get(reverse("notifications:open", args=[notice.pk]))
    assert response["Location"] == INBOX


def test_mark_one_as_read(client, reader):
    first, second = notices_for(reader, 2)
    response = client.post(reverse("notifications:mark-read", args=[first.pk]))
    assert response.status_code == 302
    assert set(Notice.objects.unread().values_list("pk", flat=True)) == {second.pk}


def test_mark_all_as_read(client, reader):
    notices_for(reader, 3)
    other = notices_for(UserFactory(), 1)[0]
    client.post(reverse("notifications:mark-all-read"))
    assert list(Notice.objects.unread()) == [other]


@pytest.mark.parametrize("name", ["notifications:open", "notifications:mark-read"])
def test_a_notice_of_someone_else_does_not_exist_for_the_user(client, reader, name):
    (notice,) = notices_for(UserFactory(), 1)
    method = client.get if name == "notifications:open" else client.post
    assert method(reverse(name, args=[notice.pk])).status_code == 404
    notice.refresh_from_db()
    assert not notice.is_read


def test_the_inbox_takes_the_same_queries_for_3_or_30_notices(client, reader, queries):
    notices_for(reader, 3)
    few = queries.of_page(client, INBOX)
    notices_for(reader, 27)
    many = queries.of_page(client, INBOX)
    assert many == few
