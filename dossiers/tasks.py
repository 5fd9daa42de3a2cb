"""Celery discovers ``<app>.tasks``: the bundle task lives in its own package."""

from .bundles.tasks import build_bundle

__all__ = ["build_bundle"]
