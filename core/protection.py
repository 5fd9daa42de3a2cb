"""Why a row cannot be deleted: the rows that protect it (``on_delete=PROTECT``), counted, in
words. Some rows are kept for good (nominations, their history and their files: a person or a
unit that nominations name is never deleted, and never takes them with it); the app that owns
them registers its own sentence for them (``register_kept``) at start-up."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from django.db import router
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.utils.text import capfirst
from django.utils.translation import gettext as _


def _objects(error: ProtectedError | RestrictedError):
    if isinstance(error, ProtectedError):
        return error.protected_objects
    return error.restricted_objects


#: model label → ``(object name, count) -> sentence``, for rows kept for good
_KEPT: dict[str, Callable[[str, int], str]] = {}


def register_kept(label: str, sentence: Callable[[str, int], str]) -> None:
    _KEPT[label] = sentence


def protecting_counts(error: ProtectedError | RestrictedError) -> list[tuple[str, int]]:
    """``[("nominations", 3), ("accounts", 1)]``: the protecting rows by kind, most first."""
    counts = Counter(str(obj._meta.verbose_name_plural) for obj in _objects(error))
    return counts.most_common()


def explanation(obj, error: ProtectedError | RestrictedError) -> str:
    """A sentence for the user: what cannot be deleted (``obj``; ``None`` when unknown), and
    what stops it."""
    name = f"“{obj}”" if obj is not None else _("This record")
    for label, sentence in _KEPT.items():
        kept = len({o.pk for o in _objects(error) if o._meta.label == label})
        if kept:
            return capfirst(sentence(name, kept))
    rows = ", ".join(f"{count} {name}" for name, count in protecting_counts(error))
    text = _("%(object)s cannot be deleted: %(rows)s refer to it.") % {
        "object": name,
        "rows": rows,
    }
    return capfirst(text)


def why_not_deletable(obj) -> str | None:
    """The explanation when deleting ``obj`` would be refused, ``None`` when it would not
    (nothing is deleted to find out: Django's collector only looks)."""
    collector = Collector(using=router.db_for_write(type(obj), instance=obj))
    try:
        collector.collect([obj])
    except (ProtectedError, RestrictedError) as error:
        return explanation(obj, error)
    return None
