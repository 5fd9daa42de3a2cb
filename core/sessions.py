"""Ending a user's sessions: when two-factor login is turned on (the sessions opened with the
password alone end), and wherever an account must be signed out everywhere.

The sessions live in the database (Django's default engine): a session names its user only
inside its encoded data, so the open sessions are read and decoded one by one. That is a scan
of the sessions not yet expired, done only on these rare events, never on a page view."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.module_loading import import_string


def _session_model():
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    if not hasattr(store, "get_model_class"):
        raise ImproperlyConfigured(
            "end_sessions needs sessions kept in the database (SESSION_ENGINE db or cached_db)."
        )
    return store, store.get_model_class()


def end_sessions(user, except_session_key: str | None = None) -> int:
    """End every open session of ``user`` except ``except_session_key``; returns how many.

    A cached_db store forgets the cached copy too (``SessionStore.delete``)."""
    store, model = _session_model()
    ended = 0
    rows = model.objects.filter(expire_date__gt=timezone.now()).exclude(
        session_key=except_session_key or ""
    )
    for row in rows.iterator(chunk_size=500):
        if str(row.get_decoded().get(SESSION_KEY)) == str(user.pk):
            store(session_key=row.session_key).delete()
            ended += 1
    return ended
