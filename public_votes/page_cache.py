"""The anonymous vote page, rendered once per version of the vote and served from Django's cache
(Redis in production, the process's memory without it) without touching the database.

Every visitor without a session sees the same page until something about the vote changes; what
differs per visitor is only the CSRF token, which the cached HTML holds as a placeholder replaced
on the way out (the page has no inline script or style, so no CSP nonce is involved: the header
is added by the middleware to each response, cached or not; a rendering that read the nonce is
not stored).

Freshness:

* a *version* per vote (a random number kept in the cache) is part of the page's key; every save
  or delete of the vote or of a shortlist entry replaces it once its transaction commits
  (``signals.py``): the settings, the shortlist, an entry's summary or photo, publishing,
  closing, confirming the honored. The renderer reads the version *before* the database, so a
  page rendered from rows older than a write is stored under a version already replaced.
* the moment the page itself changes with the clock (voting opens, voting closes) is stored with
  it: past that moment the page is rendered again.
* what the page shows from other tables (a nominee's name, a unit's name, the state of a
  nomination after the honored were confirmed) is at most ``PUBLIC_VOTE_PAGE_SECONDS`` old (60 s
  by default): the cached page expires then. The page shows no count of ballots.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.middleware.csrf import get_token
from django.utils import timezone

#: stands for the visitor's CSRF token in the cached HTML (letters only: HTML-escaping keeps it)
CSRF_PLACEHOLDER = "pvcsrfplaceholderQx7Zk"


def page_seconds() -> int:
    return int(getattr(settings, "PUBLIC_VOTE_PAGE_SECONDS", 60))


def _version_key(public_id) -> str:
    return f"pv:page-version:{public_id}"


def _page_key(public_id, version: str, language: str) -> str:
    return f"pv:page:{public_id}:{version}:{language}"


def _new_version() -> int:
    # An integer: Django's Redis backend stores it as its digits, not pickled (``_read``).
    return secrets.randbits(62)


_redis_client = None


def _read(key: str):
    """``cache.get(key)`` for a version. Django's Redis backend makes a new client object for
    every call (about 160 µs, a tenth of a cached visit): with Redis, this process keeps one,
    over the backend's own connection pool, and reads the integer it stored."""
    global _redis_client
    backend = caches["default"]  # ``cache`` is a proxy to it
    if not isinstance(backend, RedisCache):
        return backend.get(key)
    if _redis_client is None:
        _redis_client = backend._cache.get_client(key)  # the backend's pool; safe across forks
    raw = _redis_client.get(backend.make_and_validate_key(key))
    return None if raw is None else int(raw)


def current_version(public_id) -> str:
    """The vote's version, made on first use. Never a counter: an evicted version key comes back
    as a new random one, so a page stored under an older one can never be served again."""
    key = _version_key(public_id)
    version = _read(key)
    if version is None:
        cache.add(key, _new_version(), None)
        version = _read(key) or 0
    return str(version)


def bump(public_id) -> None:
    cache.set(_version_key(public_id), _new_version(), None)


def bump_after_commit(public_id) -> None:
    """Replace the version once the write is visible to other connections (at once outside a
    transaction)."""
    transaction.on_commit(lambda: bump(public_id))


def is_shared_request(request) -> bool:
    """Whether this GET sees the page every visitor sees: no session (no login, no code asked
    for, no receipt), no message waiting in a cookie, no query string (the footer repeats it)."""
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


#: a page as stored: its UTF-8 bytes cut where the CSRF token goes (joining a few byte strings
#: costs a few microseconds; replacing in and encoding 20 kB of Vietnamese text, a hundred)
Page = tuple[bytes, ...]

#: this process's copy of the pages it served last: {(vote, language): (version, page, until)}.
#: The version is still read from the shared cache on every request (one small round trip), so
#: a write seen by any process is seen by all at once; only the page's bytes are not fetched.
_local: dict[tuple[str, str], tuple[str, Page, float]] = {}
_LOCAL_MOST = 64


def _still_valid(until: float) -> bool:
    return timezone.now().timestamp() < until


def lookup(public_id, language: str) -> tuple[Page | None, str]:
    """``(page, version)``: the stored page if it is still valid, and the version to store a
    new rendering under."""
    version = current_version(public_id)
    mine = _local.get((str(public_id), language))
    if mine is not None and mine[0] == version and _still_valid(mine[2]):
        return mine[1], version
    stored = cache.get(_page_key(public_id, version, language))
    if stored is None:
        return None, version
    page, until = stored
    if not _still_valid(until):
        return None, version
    _remember(public_id, language, version, page, until)
    return page, version


def _remember(public_id, language: str, version: str, page: Page, until: float) -> None:
    """Kept here no longer than in the shared cache: the earlier of ``until`` and the expiry."""
    if len(_local) >= _LOCAL_MOST:
        _local.clear()
    _local[(str(public_id), language)] = (version, page, until)


def store(public_id, version: str, language: str, html: str, until: float | None) -> Page:
    """Keep a rendering for ``page_seconds()`` at most, and not past ``until``."""
    page = tuple(html.encode().split(CSRF_PLACEHOLDER.encode()))
    expires = timezone.now().timestamp() + page_seconds()
    until = expires if until is None else min(until, expires)
    timeout = max(1, int(until - timezone.now().timestamp()) + 1)
    cache.set(_page_key(public_id, version, language), (page, until), timeout)
    _remember(public_id, language, version, page, until)
    return page


def with_token(page: Page, request) -> bytes:
    """The cached page with this visitor's CSRF token (which also sets the CSRF cookie)."""
    return get_token(request).encode().join(page)


def vote_changed(sender, instance, **kwargs) -> None:
    """``post_save``/``post_delete`` of a vote or a shortlist entry: the page's next version."""
    from .models import PublicVote

    if isinstance(instance, PublicVote):
        bump_after_commit(instance.public_id)
        return
    try:
        vote = instance.vote  # loaded with the entry by the services; one query otherwise
    except PublicVote.DoesNotExist:  # deleted with its vote: the vote's own signal bumps
        return
    bump_after_commit(vote.public_id)
