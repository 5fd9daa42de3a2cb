from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    """Who read what: append-only records of who opened a person's page or downloaded a
    document, an evidence file, an export or a bundle, and from where; the unit's admin reads
    and exports those of the subtree; kept for a configurable time."""

    name = "access"
    verbose_name = _("Access records")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules)
