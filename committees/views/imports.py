from django.views.generic import TemplateView

from .mixins import RulePermissionMixin


class ImportView(RulePermissionMixin, TemplateView):
    """Placeholder until the importer lands (replaced in the same series of commits)."""

    permission_required = "committees.import_data"
    template_name = "committees/import.html"
