"""Importing T1–T3 judgements from a file: staff and administrators, inside their subtree."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.generic import FormView

from campaigns.four_good import services
from campaigns.four_good.forms import JudgementImportForm
from campaigns.four_good.imports import JUDGEMENT_COLUMNS, import_judgements
from committees.imports import ImportRefused

from .base import MovementMixin


class JudgementImportView(MovementMixin, FormView):
    template_name = "campaigns/four_good/import.html"
    form_class = JudgementImportForm
    max_errors_shown = 1000

    def check_role(self):
        user = self.request.user
        if not (user.is_superuser or user.role in services.JUDGING_ROLES):
            raise PermissionDenied

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            result = import_judgements(self.movement, upload, upload.name,
                                       user=self.request.user)
        except ImportRefused as refused:
            errors = refused.errors
            form.add_error("file", _("The file was refused and nothing was imported. Errors "
                                     "found: %(count)s.") % {"count": len(errors)})
            return self.render_to_response(self.get_context_data(
                form=form, import_errors=errors[: self.max_errors_shown],
                import_error_count=len(errors)))
        messages.success(self.request, _("%(filename)s was imported: %(summary)s")
                         % {"filename": upload.name, "summary": result})
        return redirect(self.request.path)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.base_context(), columns=JUDGEMENT_COLUMNS,
                                        **kwargs)


urlpatterns = [
    path("<slug:code>/bon-tot/nhap-danh-gia/", JudgementImportView.as_view(),
         name="four-good-import"),
]
