from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Review reports")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the permissions)
