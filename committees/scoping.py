"""Scoping by the user's subtree: the one place that decides what a user may see.

Every queryset of a scoped model is filtered through ``visible_to(user)``, and every single-object
check goes through ``unit_in_scope``; both use ``scope_prefix``, so a list and a detail page can
never disagree. A model joins by giving its queryset a ``scope_lookup`` (the path of the
``Unit.path`` column as seen from that model) and using ``ScopedQuerySet``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from .models import Unit, User

# Superusers see the whole tree; an empty prefix matches every path.
EVERYTHING = ""


def scope_prefix(user) -> str | None:
    """The tree path under which ``user`` may see and act, or None for nothing at all."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return EVERYTHING
    unit = getattr(user, "unit", None)
    if unit is None:
        return None
    return unit.path


def unit_in_scope(user: User, unit: Unit | None) -> bool:
    prefix = scope_prefix(user)
    if prefix is None or unit is None:
        return False
    return unit.path.startswith(prefix)


class ScopedQuerySet(models.QuerySet):
    #: the lookup from this model to ``Unit.path``, e.g. ``"unit__path"``
    scope_lookup: str = "unit__path"

    def within(self, unit: Unit):
        """Rows belonging to ``unit`` or anything below it (one indexed prefix filter)."""
        return self.filter(**{f"{self.scope_lookup}__startswith": unit.path})

    def visible_to(self, user):
        prefix = scope_prefix(user)
        if prefix is None:
            return self.none()
        if prefix == EVERYTHING:
            return self.all()
        return self.filter(**{f"{self.scope_lookup}__startswith": prefix})
