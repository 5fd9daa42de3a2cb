"""Which achievement-report forms a campaign may name. The forms are the documents' templates,
so the app that renders them tells this module where to read them (``set_source`` in its
``ready()``): the campaigns' configuration imports no renderer."""

from __future__ import annotations

from collections.abc import Callable

_source: Callable[[], dict[str, str]] | None = None


def set_source(available_forms: Callable[[], dict[str, str]]) -> None:
    global _source
    _source = available_forms


def available_forms() -> dict[str, str]:
    """Form name → its title; empty until the documents app has started."""
    return _source() if _source is not None else {}
