"""Downloads of the certificates of an issued decision: all of them in one PDF, one person's,
and the calibration page. The staff of the issuing unit only (``awards.prepare_decisions``);
outside the subtree 404. A text that does not fit, or a box the printer's shift pushes off the
sheet, is never printed: the user is sent back to the certificates page with the reason."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy
from django.views import View

from awards.certificates import live_entries
from awards.views.certificates import issued_decision_or_404
from core.reads import ReadKind, note_read
from nominations.views.common import PageMixin

from . import certificates
from .views import file_response


class DecisionCertificateMixin(PageMixin):
    permission_required = "awards.prepare_decisions"
    permission_denied_message = gettext_lazy(
        "Only the staff of the unit that issued the decision print its certificates."
    )

    def prepare(self):
        self.decision = issued_decision_or_404(self.request.user, self.kwargs["public_id"])

    def get_permission_object(self):
        return self.decision.unit

    def mode(self) -> str:
        mode = self.request.GET.get("mode", certificates.FULL)
        if mode not in certificates.MODES:
            raise Http404
        return mode

    def refused(self, error: ValidationError):
        for message in error.messages:
            messages.error(self.request, message)
        return redirect("awards:certificates", public_id=self.decision.public_id)

    def stem(self) -> str:
        return f"giay-khen-{self.decision.number}-{self.decision.year}"

    def write(self, entries=None, suffix=""):
        mode = self.mode()
        try:
            document = certificates.certificates_pdf(
                self.decision,
                mode=mode,
                with_title=self.request.GET.get("title") == "1",
                entries=entries,
            )
        except ValidationError as error:
            return self.refused(error)
        stem = f"{self.stem()}{suffix}-{'phoi' if mode == certificates.BLANK else 'day-du'}"
        note_read(ReadKind.DOCUMENT, f"{stem}.pdf", unit_id=self.decision.unit_id)
        return file_response(document.content, "pdf", stem)


class CertificatesPdfView(DecisionCertificateMixin, View):
    """Every certificate of the decision, one page per annex line in its order."""

    def get(self, request, *args, **kwargs):
        return self.write()


class CertificatePdfView(DecisionCertificateMixin, View):
    """One annex line's certificate."""

    def get(self, request, *args, **kwargs):
        entry = get_object_or_404(live_entries(self.decision), order=self.kwargs["order"])
        return self.write([entry], suffix=f"-{entry.order}")


class CalibrationPdfView(DecisionCertificateMixin, View):
    def get(self, request, *args, **kwargs):
        content = certificates.calibration_pdf(self.decision)
        note_read(ReadKind.DOCUMENT, "can-chinh-may-in.pdf", unit_id=self.decision.unit_id)
        return file_response(content, "pdf", "can-chinh-may-in")
