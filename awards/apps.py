from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Decisions and certificates")

    def ready(self):
        from committees import records
        from core import dashboard

        from . import permissions  # noqa: F401  (registers the rules permissions)
        from .dashboard import awaiting_decision_panel
        from .records import person_record, unit_record

        dashboard.register(awaiting_decision_panel)
        records.register_person(person_record)
        records.register_unit(unit_record)
