"""The counts at the top of every role dashboard (the panels below them: ``core.dashboard``)."""

from __future__ import annotations


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
# cached per subtree and day under the generation ``dashboard-counts``, which every committed
# write to those tables moves on (``core.generations``): a stale number is never shown, and
# nothing is stored that could drift.

GENERATION = "dashboard-counts"
#: the tables the counts read (and the tree's changes, which every service writes)
COUNTED = (
    "committees.Person",
    "committees.ReviewRecord",
    "committees.Unit",
    "committees.UnitChange",
)
# Bounds how stale a count can be only if a change happened while the cache was unreachable.
COUNTS_TIMEOUT = 10 * 60


def subtree_counts(user, day) -> dict:
    """``unit_counts`` (active units, cells), ``person_counts`` (people, party members) and
    ``under_review`` (people with a review record open on ``day``) of the user's subtree."""
    from django.db.models import Count, Q

    from core import generations

    from .models import Person, ReviewRecord, Unit, UnitKind
    from .scoping import scope_prefix

    def count() -> dict:
        return {
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

    key = f"{scope_prefix(user)}:{day.isoformat()}"
    return generations.cached(GENERATION, key, count, COUNTS_TIMEOUT)
