"""Documents that the reports' pages offer but another app renders: the output app
(``dossiers``) sits above this one and registers its renderer at start-up (its ``ready()``), so
the reports import no renderer."""

from __future__ import annotations

from collections.abc import Callable

_consolidated: Callable[..., bytes] | None = None


def register_consolidated(renderer: Callable[..., bytes]) -> None:
    """``renderer(report_request) -> bytes``: the Word file that puts the units' reports side by
    side, section by section."""
    global _consolidated
    _consolidated = renderer


def consolidated_docx(report_request) -> bytes:
    if _consolidated is None:
        raise RuntimeError("No renderer is registered for the consolidated report.")
    return _consolidated(report_request)
