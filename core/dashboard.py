"""Panels that the apps add to the role dashboards, so the dashboard needs no import of theirs:
an app registers a function ``(user) -> Panel | None`` in its ``ready()``; panels show in the
order of registration (the order of ``INSTALLED_APPS``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)
    #: a panel with work in it replaces the dashboard's "nothing to do yet" message
    has_work: bool = True


_PANELS: list[Callable] = []


def register(panel_function: Callable) -> Callable:
    if panel_function not in _PANELS:
        _PANELS.append(panel_function)
    return panel_function


def panels_for(user) -> list[Panel]:
    return [panel for panel in (function(user) for function in _PANELS) if panel is not None]
