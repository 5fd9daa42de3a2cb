from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MovementsConfig(AppConfig):
    name = "movements"
    verbose_name = _("Four-good movement")

    def ready(self):
        from committees.dashboard import register

        from .dashboard import four_good_panel

        register(four_good_panel)
