from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Commendation campaigns")

    def ready(self):
        from core import navigation

        from . import permissions  # noqa: F401  (registers the permissions)
        from .navigation import ITEMS

        navigation.register(*ITEMS)
