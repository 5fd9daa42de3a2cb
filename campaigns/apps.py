from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Commendation campaigns")

    def ready(self):
        from committees.dashboard import register

        from . import permissions  # noqa: F401  (registers the permissions)
        from .dashboard import four_good_panel
        from .four_good import permissions as four_good_permissions  # noqa: F401

        register(four_good_panel)
