from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = _("Dossiers and documents")

    def ready(self):
        from nominations import submission_checks

        from .documents.checks import check_campaign_report_length

        # Submitting a nomination counts the pages of its rendered report.
        submission_checks.register(check_campaign_report_length)
