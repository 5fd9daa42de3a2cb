from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NominationsConfig(AppConfig):
    name = "nominations"
    verbose_name = _("Nominations")

    def ready(self):
        from committees.dashboard import register

        from . import permissions  # noqa: F401  (registers the permissions)
        from .dashboard import open_campaigns_panel

        register(open_campaigns_panel)
