"""The documents the product writes itself, which a filer may attach as a generated copy of a
required document (``DocumentRequirement.generated_from``). The app that renders documents
(``dossiers``) registers a renderer for each at start-up, so ``nominations`` asks "render
document X for nomination N" without importing it (see docs/architecture.md, registries)."""

from __future__ import annotations

from collections.abc import Callable

#: key (``campaigns.models.GeneratedDocument``) -> (nomination) -> (file name, PDF bytes)
_RENDERERS: dict[str, Callable] = {}


def register(key: str, renderer: Callable) -> Callable:
    _RENDERERS[key] = renderer
    return renderer


def available(key: str) -> bool:
    return key in _RENDERERS


def render(key: str, nomination) -> tuple[str, bytes]:
    """The file name and the content of document ``key`` for ``nomination``; KeyError when
    nothing renders it."""
    return _RENDERERS[key](nomination)
