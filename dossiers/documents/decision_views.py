"""The decision (quyết định) as a PDF or a Word file. Its text is all stored with the decision, so
there is no form to fill in before downloading: the link gives the file. Outside the user's
subtree the decision does not exist (404); inside it, only those who read decisions may have
it (``awards.read_decision``: 403 otherwise)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from awards.models import Decision
from core.downloads import content_disposition
from core.reads import ReadKind, note_read
from nominations.views.common import PageMixin

from . import decisions, rendering


class DecisionDocumentView(PageMixin, View):
    fmt = "pdf"
    permission_required = "awards.read_decision"
    permission_denied_message = gettext_lazy(
        "Only the staff, standing committee and administrators of the issuing unit or of a "
        "unit above it can download its decisions."
    )

    def prepare(self):
        try:
            self.decision = decisions.decision_for_document(
                Decision.objects.visible_to(self.request.user), self.kwargs["public_id"]
            )
        except Decision.DoesNotExist:
            raise Http404(_("No such decision.")) from None

    def get_permission_object(self):
        return self.decision

    def get(self, request, *args, **kwargs):
        document = decisions.decision_document(self.decision)
        name = f"{decisions.file_stem(self.decision)}.{self.fmt}"
        note_read(ReadKind.DOCUMENT, name, unit_id=self.decision.unit_id)
        response = HttpResponse(
            rendering.write(document, self.fmt), content_type=rendering.CONTENT_TYPES[self.fmt]
        )
        response["Content-Disposition"] = content_disposition(name, inline=False)
        # Names and the body's decision: never kept by a shared cache.
        response["Cache-Control"] = "private, no-store"
        return response


class DecisionPdfView(DecisionDocumentView):
    fmt = "pdf"


class DecisionDocxView(DecisionDocumentView):
    fmt = "docx"
