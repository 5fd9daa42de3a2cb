"""Importing T1–T3 judgements from a file: staff and administrators, inside their subtree."""

from __future__ import annotations

from django.urls import path
from django.views.generic import FormView

from committees.views.imports import ImportFormMixin
from movements.forms import JudgementImportForm
from movements.imports import JUDGEMENT_COLUMNS, import_judgements

from .base import MovementMixin


class JudgementImportView(ImportFormMixin, MovementMixin, FormView):
    template_name = "movements/import.html"
    form_class = JudgementImportForm
    permission_required = "movements.import_judgements"

    def run_import(self, form):
        upload = form.cleaned_data["file"]
        return import_judgements(
            self.movement, upload, upload.name, user=self.request.user, **self.legacy_options(form)
        )

    def get_success_url(self):
        return self.request.path

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.base_context(), columns=JUDGEMENT_COLUMNS, **kwargs)


urlpatterns = [
    path(
        "<slug:code>/bon-tot/nhap-danh-gia/", JudgementImportView.as_view(), name="four-good-import"
    ),
]
