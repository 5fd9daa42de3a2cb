"""The counts at the top of every role dashboard (the panels below them: ``core.dashboard``)."""

from __future__ import annotations

import time
from contextlib import suppress

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError


def landing_template(user) -> str:
    """Each role lands on its own dashboard; a superuser on the administrator's. (What the
    user may do there is the permissions' business.)"""
    from .models import Role

    templates = {
        Role.CELL_SECRETARY: "dashboard/cell_secretary.html",
        Role.STAFF: "dashboard/staff.html",
        Role.STANDING_MEMBER: "dashboard/standing_member.html",
        Role.ADMIN: "dashboard/admin.html",
    }
    role = Role.ADMIN if user.is_superuser else user.role
    return templates.get(role, "dashboard/no_role.html")


# --- the counts at the top of every dashboard ----------------------------------------------------
#
# At a city's top they count 250,000 people and their review records (about a quarter of a
# second a request), and they change only when people, units or review records do. So they are
# cached per subtree and day, under a generation that every change of those tables moves on
# (signals for single saves and deletes, ``counts_changed()`` for bulk writes such as the
# imports): a stale number is never shown, and nothing is stored that could drift.

# Bounds how stale a count can be only if a change happened while the cache was unreachable.
COUNTS_TIMEOUT = 10 * 60
_GENERATION_KEY = "dashboard-counts:generation"
CACHE_DOWN = (RedisConnectionError, RedisTimeoutError)


def counts_changed(**kwargs) -> None:
    """Now, and again after the commit: a request that reads in between could cache the old
    counts under the new generation."""
    from django.db import transaction

    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    from django.core.cache import cache

    try:
        try:
            cache.incr(_GENERATION_KEY)
        except ValueError:  # not set yet, or evicted
            cache.set(_GENERATION_KEY, _fresh_generation(), None)
    except CACHE_DOWN:
        pass  # a change of the data never fails for the cache's sake


def _fresh_generation() -> int:
    # A new start, not 0: counts cached before the generation was evicted stay unreachable.
    return time.time_ns()


def subtree_counts(user, day) -> dict:
    """``unit_counts`` (active units, cells), ``person_counts`` (people, party members) and
    ``under_review`` (people with a review record open on ``day``) of the user's subtree."""
    from django.core.cache import cache
    from django.db.models import Count, Q

    from .models import Person, ReviewRecord, Unit, UnitKind
    from .scoping import scope_prefix

    try:
        generation = cache.get_or_set(_GENERATION_KEY, _fresh_generation, None)
        key = f"dashboard-counts:{generation}:{scope_prefix(user)}:{day.isoformat()}"
        counts = cache.get(key)
    except CACHE_DOWN:  # the dashboard still opens, counting as it did before the cache
        key, counts = None, None
    if counts is None:
        counts = {
            "unit_counts": Unit.objects.visible_to(user)
            .active()
            .aggregate(
                total=Count("id"), cells=Count("id", filter=Q(kind__in=UnitKind.cell_kinds()))
            ),
            "person_counts": Person.objects.visible_to(user).aggregate(
                total=Count("id"), members=Count("id", filter=Q(is_party_member=True))
            ),
            "under_review": (
                ReviewRecord.objects.visible_to(user)
                .active_on(day)
                .values("person_id")
                .distinct()
                .count()
            ),
        }
        if key is not None:
            with suppress(*CACHE_DOWN):
                cache.set(key, counts, COUNTS_TIMEOUT)
    return counts
