from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MovementsConfig(AppConfig):
    name = "movements"
    verbose_name = _("Four-good movement")

    def ready(self):
        from core import dashboard, navigation

        from . import permissions  # noqa: F401  (registers the permissions)
        from .dashboard import four_good_panel
        from .navigation import ITEMS

        dashboard.register(four_good_panel)
        navigation.register(*ITEMS)
