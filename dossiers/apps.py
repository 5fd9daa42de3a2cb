from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = _("Dossiers and documents")

    def ready(self):
        from campaigns import report_forms
        from campaigns.models import GeneratedDocument
        from nominations import generated, submission_checks
        from reports import renderers

        from .documents.checks import check_campaign_report_length, check_uploaded_report_length
        from .documents.consolidated import consolidated_docx
        from .documents.forms_registry import available_forms
        from .documents.generated import achievement_report_pdf, nominee_list_pdf, registration_pdf

        # Submitting a nomination counts the pages of its rendered report.
        submission_checks.register(check_campaign_report_length)
        # ... and of the report the unit uploaded (seed 002: at most two A4 pages).
        submission_checks.register(check_uploaded_report_length)
        # The report forms a campaign may name are this app's templates.
        report_forms.set_source(available_forms)
        # The reports' pages offer the consolidated Word file this app renders.
        renderers.register_consolidated(consolidated_docx)
        # A filer attaches the achievement report the product writes as a generated copy.
        generated.register(GeneratedDocument.ACHIEVEMENT_REPORT.value, achievement_report_pdf)
        # ... Mẫu 1 of a cell or đảng bộ nominee (seed 001), and the nominee's danh sách
        # trích ngang (seed 004).
        generated.register(GeneratedDocument.FORM_1.value, registration_pdf)
        generated.register(GeneratedDocument.NOMINEE_LIST.value, nominee_list_pdf)
