"""The anonymous vote page from the cache (``public_votes.page_cache``): served without a query,
with each visitor's own CSRF token and the same headers as a rendered page, and fresh right after
every kind of write that changes what it shows."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from public_votes import services
from public_votes.models import PublicVote, ShortlistEntry
from tests.public_vote_fixtures import code_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_vote(seed002):
    now = timezone.now()
    return seed002.open_vote(
        opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(hours=1)
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what waits for the commit, as the end of the request's transaction would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def url(vote, name="public-vote"):
    return reverse(f"public_votes:{name}", kwargs={"public_id": vote.public_id})


def visit(vote, **extra):
    """A new visitor: no cookie at all."""
    response = Client(**extra).get(url(vote))
    assert response.status_code == 200
    return response, response.content.decode()


def token_in(body: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)


def test_second_visitor_is_served_without_a_query(live_vote, queries):
    _, body = visit(live_vote)
    with queries.at_most(0):
        _, again = visit(live_vote)
    assert token_in(body) != token_in(again)
    assert re.sub(r'value="[^"]+"|"X-CSRFToken": "[^"]+"', "", body) == re.sub(
        r'value="[^"]+"|"X-CSRFToken": "[^"]+"', "", again
    )
    assert "pvcsrfplaceholder" not in again


def test_cached_page_keeps_the_headers(live_vote):
    rendered, _ = visit(live_vote)
    cached, _ = visit(live_vote)
    for header in ("Content-Security-Policy", "Cache-Control", "X-Frame-Options", "Content-Type"):
        assert cached[header] == rendered[header], header
    assert "private" in cached["Cache-Control"] and "no-cache" in cached["Cache-Control"]
    assert "nonce" not in cached["Content-Security-Policy"]
    assert "csrftoken" in cached.cookies


def test_token_of_a_cached_page_is_accepted(live_vote):
    visit(live_vote)  # the page is now cached
    browser = Client(enforce_csrf_checks=True)
    body = browser.get(url(live_vote)).content.decode()
    response = browser.post(
        url(live_vote, "public-vote-code"),
        {"email": "an@example.vn", "csrfmiddlewaretoken": token_in(body)},
    )
    assert response.status_code == 302
    refused = Client(enforce_csrf_checks=True).post(
        url(live_vote, "public-vote-code"),
        {"email": "an@example.vn", "csrfmiddlewaretoken": token_in(body)},
    )
    assert refused.status_code == 403  # the token goes with its own cookie


def test_each_language_has_its_page(live_vote):
    _, vietnamese = visit(live_vote, HTTP_ACCEPT_LANGUAGE="vi")
    _, english = visit(live_vote, HTTP_ACCEPT_LANGUAGE="en")
    assert 'lang="vi"' in vietnamese and 'lang="en"' in english


def test_visitors_with_a_session_get_their_own_page(
    seed002, live_vote, django_capture_on_commit_callbacks
):
    visit(live_vote)
    staff = Client()
    staff.force_login(seed002.staff)
    assert seed002.staff.get_full_name() in staff.get(url(live_vote)).content.decode()
    voter = Client()
    with django_capture_on_commit_callbacks(execute=True):
        voter.post(url(live_vote, "public-vote-code"), {"email": "an@example.vn"})
    voter.post(url(live_vote, "public-vote-verify"), {"code": code_in(mail.outbox[-1].body)})
    entries = list(live_vote.entries.all()[:2])
    chosen = [str(e.public_id) for e in entries]
    voter.post(url(live_vote, "public-vote-ballot"), {"entries": chosen})
    body = voter.get(url(live_vote)).content.decode()
    assert 'data-testid="receipt"' in body
    _, anonymous = visit(live_vote)
    assert 'data-testid="receipt"' not in anonymous
    assert seed002.staff.get_full_name() not in anonymous


# --- fresh after every kind of write -----------------------------------------------------------


def test_fresh_after_closing(seed002, live_vote, monkeypatch, committed):
    _, body = visit(live_vote)
    assert 'data-testid="vote-closed"' not in body
    later = live_vote.closes_at + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with committed():
        services.close(seed002.staff, live_vote, now=later)
    _, body = visit(live_vote)
    assert 'data-testid="vote-closed"' in body and 'name="email"' not in body


def test_fresh_at_the_closing_moment_without_any_write(live_vote, monkeypatch):
    visit(live_vote)
    closes_at = live_vote.closes_at
    monkeypatch.setattr(timezone, "now", lambda: closes_at)
    _, body = visit(live_vote)
    assert 'data-testid="vote-closed"' in body and 'name="email"' not in body


def test_fresh_at_the_opening_moment_without_any_write(seed002, monkeypatch):
    now = timezone.now()
    vote = seed002.open_vote(
        opens_at=now + datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(hours=2)
    )
    _, body = visit(vote)
    assert 'name="email"' not in body
    opens_at = vote.opens_at
    monkeypatch.setattr(timezone, "now", lambda: opens_at)
    _, body = visit(vote)
    assert 'name="email"' in body


def test_fresh_after_confirming_the_honored(seed002, monkeypatch, committed):
    vote = seed002.open_vote()
    entries = list(vote.entries.all())
    for i in range(3):
        seed002.ballot(vote, f"cu-tri-{i}@example.vn", entries[:16])
    monkeypatch.setattr(timezone, "now", lambda: vote.closes_at + datetime.timedelta(hours=1))
    with committed():
        services.close(seed002.standing, vote)
    _, body = visit(vote)
    assert body.count("text-bg-success") == 0
    with committed():
        services.confirm_honored(seed002.standing, vote)
    _, body = visit(vote)
    assert body.count("text-bg-success") == 16


def test_fresh_after_the_votes_text_changes(live_vote, committed):
    visit(live_vote)
    vote = PublicVote.objects.get(pk=live_vote.pk)  # the admin's change form saves the row
    vote.title = "Bình chọn gương mặt trẻ tiêu biểu"
    with committed():
        vote.save()
    _, body = visit(live_vote)
    assert "Bình chọn gương mặt trẻ tiêu biểu" in body


def test_fresh_after_an_entrys_summary_or_photo_changes(live_vote, settings, tmp_path, committed):
    settings.MEDIA_ROOT = tmp_path
    visit(live_vote)
    entry = ShortlistEntry.objects.filter(vote=live_vote).first()
    entry.summary = "Tóm tắt mới sau khi sửa"
    with committed():
        entry.save()
    _, body = visit(live_vote)
    assert "Tóm tắt mới sau khi sửa" in body
    assert url(live_vote, "public-vote") + "anh/" not in body
    from django.core.files.base import ContentFile

    entry.photo_content_type = "image/png"
    with committed():
        entry.photo.save("photo", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
    _, body = visit(live_vote)
    assert (
        reverse(
            "public_votes:public-vote-photo",
            kwargs={"public_id": live_vote.public_id, "entry_id": entry.public_id},
        )
        in body
    )


def test_fresh_after_the_shortlist_changes(live_vote, committed):
    _, body = visit(live_vote)
    entry = ShortlistEntry.objects.filter(vote=live_vote).select_related("nomination").first()
    assert entry.summary in body
    with committed():
        entry.delete()  # the admin's; the services change the shortlist only before publishing
    _, body = visit(live_vote)
    assert entry.summary not in body


def test_fresh_after_preparing_then_publishing(seed002, committed):
    vote = seed002.vote()
    assert Client().get(url(vote)).status_code == 404  # a vote being prepared is never cached
    services.set_shortlist(seed002.staff, vote, seed002.appraised(25))
    entry = vote.entries.first()
    services.update_entry(seed002.staff, entry, summary="Tóm tắt công khai đã duyệt")
    assert Client().get(url(vote)).status_code == 404
    with committed():
        services.publish(seed002.staff, vote, now=vote.opens_at - datetime.timedelta(days=1))
    _, body = visit(vote)
    assert "Tóm tắt công khai đã duyệt" in body


def test_the_version_is_replaced_only_at_the_commit(live_vote, django_capture_on_commit_callbacks):
    # A request rendering the page while the write's transaction is still open reads the old
    # rows, and stores them under the version that the commit then replaces.
    visit(live_vote)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        vote = PublicVote.objects.get(pk=live_vote.pk)
        vote.title = "Tiêu đề mới"
        vote.save()
        _, during = visit(live_vote)
        assert "Tiêu đề mới" not in during  # still the stored page: nothing committed yet
    assert len(callbacks) == 1
    _, body = visit(live_vote)
    assert "Tiêu đề mới" in body


def test_other_tables_show_within_the_pages_lifetime(live_vote, settings, monkeypatch):
    # A nominee's name lives in the nomination's person: no signal of the vote follows it, the
    # page's lifetime (PUBLIC_VOTE_PAGE_SECONDS) bounds how long the old one shows.
    settings.PUBLIC_VOTE_PAGE_SECONDS = 60
    visit(live_vote)
    person = ShortlistEntry.objects.filter(vote=live_vote).first().nomination.person
    person.full_name = "Trần Thị Đổi Tên"
    person.save()
    _, body = visit(live_vote)
    assert "Trần Thị Đổi Tên" not in body  # the stored page, as documented
    later = timezone.now() + datetime.timedelta(seconds=61)
    monkeypatch.setattr(timezone, "now", lambda: later)
    _, body = visit(live_vote)
    assert "Trần Thị Đổi Tên" in body


def test_the_version_read_agrees_with_the_cache(live_vote):
    # With Redis (the PostgreSQL run sets REDIS_URL) the version is read through a client of its
    # own; it must be what Django's cache holds, and change with each write.
    from django.core.cache import cache, caches
    from django.core.cache.backends.redis import RedisCache

    from public_votes import page_cache

    first = page_cache.current_version(live_vote.public_id)
    assert first == str(cache.get(f"pv:page-version:{live_vote.public_id}"))
    page_cache.bump(live_vote.public_id)
    second = page_cache.current_version(live_vote.public_id)
    assert second != first and second == str(cache.get(f"pv:page-version:{live_vote.public_id}"))
    if isinstance(caches["default"], RedisCache):
        assert page_cache._redis_client is not None  # the client of its own was used


def test_a_page_that_uses_the_csp_nonce_is_never_shared(live_vote, monkeypatch, queries):
    # No template here has inline script or style; if one ever reads the nonce, the page it
    # rendered would carry a nonce that the next visitor's header does not allow.
    from public_votes.views import public

    render_page = public.PublicVotePageView.render_page

    def with_nonce(self, **extra):
        str(self.request.csp_nonce)
        return render_page(self, **extra)

    monkeypatch.setattr(public.PublicVotePageView, "render_page", with_nonce)
    visit(live_vote)
    assert queries.of(lambda: visit(live_vote)) > 0  # rendered again, not from the cache
    monkeypatch.setattr(public.PublicVotePageView, "render_page", render_page)
    visit(live_vote)
    assert queries.of(lambda: visit(live_vote)) == 0  # the guard, not the cache, refused it
