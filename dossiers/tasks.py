"""Celery discovers ``<app>.tasks``: the bundle task lives in its own package."""

from .bundles.tasks import build_bundle, fail_interrupted_bundles

__all__ = ["build_bundle", "fail_interrupted_bundles"]
