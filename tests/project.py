"""What the checks of the code's shape walk: the project's own apps."""

from __future__ import annotations

from pathlib import Path

from django.apps import AppConfig, apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def project_apps() -> list[AppConfig]:
    """The installed apps whose code is this checkout's, not an installed package's (a
    virtualenv may sit inside the checkout)."""
    return [
        app
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(ROOT) and "site-packages" not in Path(app.path).parts
    ]
