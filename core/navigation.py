"""The navigation bar: each app registers its own entries (in its ``ready()``), with who may
see them, so the bar names no app's URLs here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    #: place in the bar, smallest first
    order: int = 100
    #: ``(user) -> bool``; ``None``: every logged-in user
    shown_to: Callable | None = None

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_ITEMS: list[NavItem] = []


def register(*items: NavItem) -> None:
    for item in items:
        if item not in _ITEMS:
            _ITEMS.append(item)
    _ITEMS.sort(key=lambda item: item.order)


def menu_for(user) -> tuple[NavItem, ...]:
    return tuple(item for item in _ITEMS if item.shown_to is None or item.shown_to(user))
