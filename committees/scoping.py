"""Scoping by the user's subtree: the one place that decides what a user may see.

Every queryset of a scoped model is filtered through ``visible_to(user)``, and every single-object
check goes through ``unit_in_scope``; both use ``scope_prefix``, so a list and a detail page can
never disagree. A model joins by giving its queryset a ``scope_lookup`` (the path of the
``Unit.path`` column as seen from that model) and using ``ScopedQuerySet``.

The rule cannot be skipped by accident: a queryset of a scoped model refuses to be read as rows
(iteration, ``len``, ``count``, ``exists``, ``aggregate``, ``iterator``, ``first``...) or changed
in bulk (``update``, ``delete``) until it has been given a scope. A scope is one of:

- ``visible_to(user)`` or ``within(unit)``: the user's subtree, or a unit's;
- a related manager or a prefetch of an object already in hand (``nomination.evidence.all()``,
  ``unit.people.all()``, ``prefetch_related("votes")``): whoever could open the object may see
  what hangs from it, so these count as scoped (Django marks them with an ``instance`` hint);
- ``unscoped(reason)``: an explicit, greppable "this spans the tree on purpose", with the reason
  said in words (the duplicate-nominee check, the cap base, the anonymous public-vote pages,
  services and commands that work across the tree, imports, demo seeding);
- ``get(pk=...)`` or ``filter(pk=...)``: one row by primary key, which services use to re-read
  and lock a row they already hold (``select_for_update().get(pk=obj.pk)``) or to update it
  only if it is still in a state (``filter(pk=..., state=...).update(...)``). A lookup by what
  a URL carries (``public_id``) is not a primary key and must be scoped; ``pk__in`` is a list.

Subqueries (``filter(id__in=Person.objects.filter(...).values("id"))``) are not refused: they
only narrow the outer query, which is itself checked. Cascades, forward foreign keys and
``refresh_from_db`` go through Django's base manager, which is not scoped. Framework code that
reads a table as a whole (the admin, uniqueness validation) runs inside ``unscoped_block``.

Test modules (``tests.*``) may list freely to arrange and check state across the tree; the views,
services and commands they call are held to the rule. See ``OutOfScope`` for how that is decided.
"""

from __future__ import annotations

import contextlib
import contextvars
import sys
from pathlib import Path
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


class OutOfScope(RuntimeError):
    """A scoped model was read or changed in bulk without a scope: a programming error."""


# The reason of the innermost ``unscoped_block``, if any.
_block_reason: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "unscoped_block", default=None
)


@contextlib.contextmanager
def unscoped_block(reason: str):
    """Let framework code that reads whole tables (the admin, uniqueness checks) do so."""
    if not reason or not reason.strip():
        raise ValueError("unscoped_block needs a reason")
    token = _block_reason.set(reason)
    try:
        yield
    finally:
        _block_reason.reset(token)


_PROJECT_ROOT = str(Path(__file__).resolve().parent.parent)
_THIS_FILE = str(Path(__file__).resolve())


def _called_from_test_module() -> bool:
    """True when the first project frame on the stack belongs to the test suite.

    Only walked when a refusal is about to be raised, so it costs nothing on the normal path.
    Library frames (Django, factory_boy, pytest) are skipped: ``list(qs)`` in a test passes
    through Django before reaching the check, while a view called by the test client is a
    project frame of its own and is held to the rule.
    """
    frame = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if (
            filename != _THIS_FILE
            and filename.startswith(_PROJECT_ROOT)
            and "site-packages" not in filename
        ):
            module = frame.f_globals.get("__name__", "")
            return module == "tests" or module.startswith("tests.")
        frame = frame.f_back
    return False


class ScopedQuerySet(models.QuerySet):
    #: the lookup from this model to ``Unit.path``, e.g. ``"unit__path"``
    scope_lookup: str = "unit__path"
    #: whether reading rows without a scope is refused (see the module's docstring)
    require_scope: bool = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # None until scoped; then "user", "unit", "related", "pk" or "unscoped: <reason>".
        self._scope: str | None = None

    def _clone(self):
        clone = super()._clone()
        clone._scope = self._scope
        return clone

    def _scoped(self, how: str):
        clone = self._chain()
        clone._scope = how
        return clone

    def _add_hints(self, **hints):
        # Django adds the ``instance`` hint to the querysets of related managers and prefetches:
        # rows hanging from an object the caller already holds.
        super()._add_hints(**hints)
        if "instance" in hints and self._scope is None:
            self._scope = "related"

    def _check_scope(self, operation: str) -> None:
        if self._scope is not None or not self.require_scope:
            return
        if _block_reason.get() is not None or _called_from_test_module():
            return
        raise OutOfScope(
            f"{self.model.__name__} read without a scope ({operation}): use "
            f".visible_to(user), .within(unit), a related manager of an object the user may "
            f'open, or .unscoped("why this spans the tree").'
        )

    # -- the scopes --------------------------------------------------------------------------

    def within(self, unit: Unit):
        """Rows belonging to ``unit`` or anything below it (one indexed prefix filter)."""
        return self.filter(**{f"{self.scope_lookup}__startswith": unit.path})._scoped("unit")

    def visible_to(self, user):
        prefix = scope_prefix(user)
        if prefix is None:
            return self.none()._scoped("user")
        if prefix == EVERYTHING:
            return self._scoped("user")
        return self.filter(**{f"{self.scope_lookup}__startswith": prefix})._scoped("user")

    def unscoped(self, reason: str):
        """The whole table, on purpose; ``reason`` says why (and makes each use greppable)."""
        if not reason or not reason.strip():
            raise ValueError("unscoped() needs a reason")
        return self._scoped(f"unscoped: {reason}")

    # -- the checks --------------------------------------------------------------------------

    def none(self):
        # Nothing at all cannot leak anything.
        return super().none()._scoped("none")

    def _by_pk(self, kwargs) -> bool:
        pk = self.model._meta.pk
        return bool({"pk", pk.name, pk.attname} & kwargs.keys())

    def filter(self, *args, **kwargs):
        # ``filter(pk=...)`` is one row the caller already holds (a compare-and-set update, a
        # re-read under lock), like ``get(pk=...)``; ``pk__in`` is a list and is not exempt.
        clone = super().filter(*args, **kwargs)
        if clone._scope is None and self._by_pk(kwargs):
            clone._scope = "pk"
        return clone

    def get(self, *args, **kwargs):
        if self._scope is None and self._by_pk(kwargs):
            return super(ScopedQuerySet, self._scoped("pk")).get(*args, **kwargs)
        return super().get(*args, **kwargs)

    def _fetch_all(self):
        if self._result_cache is None:
            self._check_scope("rows")
        super()._fetch_all()

    def count(self):
        if self._result_cache is None:
            self._check_scope("count")
        return super().count()

    def exists(self):
        if self._result_cache is None:
            self._check_scope("exists")
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._check_scope("aggregate")
        return super().aggregate(*args, **kwargs)

    def iterator(self, *args, **kwargs):
        self._check_scope("iterator")
        return super().iterator(*args, **kwargs)

    def update(self, **kwargs):
        self._check_scope("update")
        return super().update(**kwargs)

    def delete(self):
        self._check_scope("delete")
        return super().delete()

    def bulk_update(self, objs, fields, batch_size=None):
        # Rows the caller already holds, by primary key.
        return super(ScopedQuerySet, self._scoped("pk")).bulk_update(objs, fields, batch_size)

    def _combine_scope(self, other, combined):
        both = self._scope is not None and getattr(other, "_scope", None) is not None
        combined._scope = self._scope if both else None
        return combined

    def __or__(self, other):
        return self._combine_scope(other, super().__or__(other))

    def __xor__(self, other):
        return self._combine_scope(other, super().__xor__(other))

    def union(self, *other_qs, **kwargs):
        combined = super().union(*other_qs, **kwargs)
        if any(getattr(qs, "_scope", None) is None for qs in other_qs):
            combined._scope = None
        return combined


_ADMIN_REASON = "the admin is the superusers' tool over the whole tree"


class WholeTreeAdminMixin:
    """For the ``ModelAdmin`` of a scoped model: the admin reads the whole table on purpose.

    Its views run inside ``unscoped_block``, so that the change list, the list filters, the
    foreign-key widgets and the form's uniqueness checks all work as Django wrote them.
    """

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if isinstance(queryset, ScopedQuerySet):
            queryset = queryset.unscoped(_ADMIN_REASON)
        return queryset

    def _whole_tree(self, view, *args):
        with unscoped_block(_ADMIN_REASON):
            response = view(*args)
            # A TemplateResponse renders after the view returns: render it inside the block.
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response

    def changelist_view(self, request, extra_context=None):
        return self._whole_tree(super().changelist_view, request, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._whole_tree(
            super().changeform_view, request, object_id, form_url, extra_context
        )

    def delete_view(self, request, object_id, extra_context=None):
        return self._whole_tree(super().delete_view, request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        return self._whole_tree(super().history_view, request, object_id, extra_context)


class UniqueChecksSpanTheTree:
    """Mixin for a scoped model: its uniqueness checks look at the whole table (a person code
    used in another unit is still taken), so model validation runs inside ``unscoped_block``."""

    def validate_unique(self, exclude=None):
        with unscoped_block("uniqueness spans the whole table"):
            return super().validate_unique(exclude)

    def validate_constraints(self, exclude=None):
        with unscoped_block("uniqueness spans the whole table"):
            return super().validate_constraints(exclude)
