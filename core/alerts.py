"""Telling the administrators that something the site does by itself failed (a scheduled backup,
the daily check of the history). Core cannot know who they are or how to reach them: the
``notifications`` app registers how (the inbox and e-mail), and until something is registered
the alert is at least logged."""

from __future__ import annotations

import logging
from collections.abc import Callable

logger = logging.getLogger("core.alerts")

_handlers: list[Callable[[str, str], None]] = []


def register(handler: Callable[[str, str], None]) -> None:
    if handler not in _handlers:
        _handlers.append(handler)


def alert_admins(subject: str, body: str) -> None:
    logger.error("%s: %s", subject, body)
    for handler in _handlers:
        handler(subject, body)
