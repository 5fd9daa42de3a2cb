"""A person's and a unit's record ("hồ sơ thi đua"): sections that higher apps add to the
person's and the unit's pages, so that ``committees`` imports none of them.

An app registers a function ``(user, person) -> RecordSection | None`` with ``register_person``
and ``(user, unit) -> RecordSection | None`` with ``register_unit`` in its ``ready()``; the
sections show in the order of registration. Each function reads in the user's scope, in a
number of queries that does not grow with the rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class RecordSection:
    template: str
    context: dict = field(default_factory=dict)


_PERSON: list[Callable] = []
_UNIT: list[Callable] = []


def register_person(section_function: Callable) -> Callable:
    if section_function not in _PERSON:
        _PERSON.append(section_function)
    return section_function


def register_unit(section_function: Callable) -> Callable:
    if section_function not in _UNIT:
        _UNIT.append(section_function)
    return section_function


# --- rows that copy a person's or a unit's search key ---------------------------------------

_KEY_LISTENERS: list[Callable] = []


def on_keys_changed(listener: Callable) -> Callable:
    """``listener(model, pks)`` runs after the search keys of these people or units changed
    (a rename, a new code), so that rows copying them (a nomination's) follow."""
    if listener not in _KEY_LISTENERS:
        _KEY_LISTENERS.append(listener)
    return listener


def keys_changed(model, pks) -> None:
    pks = list(pks)
    if pks:
        for listener in _KEY_LISTENERS:
            listener(model, pks)


def person_sections(user, person) -> list[RecordSection]:
    return [s for s in (function(user, person) for function in _PERSON) if s is not None]


def unit_sections(user, unit) -> list[RecordSection]:
    return [s for s in (function(user, unit) for function in _UNIT) if s is not None]
