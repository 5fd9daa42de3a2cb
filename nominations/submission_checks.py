"""Checks that submitting a nomination runs on its rendered documents (seed 002: the achievement
report is at most two A4 pages, known only after layout). The app that renders the documents
registers them at start-up (``dossiers``' ``ready()``), so the workflow imports no renderer."""

from __future__ import annotations

from collections.abc import Callable, Iterator

#: ``(nomination) -> message or None``, in the order registered
_CHECKS: list[Callable] = []


def register(check: Callable) -> Callable:
    if check not in _CHECKS:
        _CHECKS.append(check)
    return check


def refusals(nomination) -> Iterator[str]:
    """The message of each registered check that refuses the nomination."""
    for check in _CHECKS:
        message = check(nomination)
        if message:
            yield message
