"""Downloads of a conference's papers: the invitations (PDF, or Word with ``?format=docx``) and
the list of the day (PDF, Excel). The conference is found in the user's subtree (404 elsewhere);
its unit's staff, standing members and admins may have them (``awards.read_decisions``, 403
otherwise). Everything printed was entered on the conference's page, so there is no form here.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from awards.conference_selectors import day_list
from awards.models import Conference
from core.reads import ReadKind, note_read
from nominations.views.common import PageMixin

from . import conference as papers
from .views import file_response


class ConferencePaperView(PageMixin, View):
    permission_required = "awards.read_decisions"
    permission_denied_message = gettext_lazy(
        "Only the staff, standing committee and administrators of the unit print its "
        "conference's papers."
    )
    name = ""

    def prepare(self):
        self.conference = get_object_or_404(
            Conference.objects.visible_to(self.request.user).select_related("campaign", "unit"),
            public_id=self.kwargs["public_id"],
        )

    def get_permission_object(self):
        return self.conference.unit

    def stem(self) -> str:
        conference = self.conference
        return f"{self.name}-{conference.unit.code}-{conference.campaign.code}"

    def send(self, content: bytes, fmt: str):
        note_read(
            ReadKind.DOCUMENT,
            f"{self.stem()}.{fmt}",
            unit_id=self.conference.unit_id,
            object_id=self.conference.public_id,
        )
        return file_response(content, fmt, self.stem())

    def data(self) -> dict:
        return papers.document(day_list(self.conference))


class InvitationsView(ConferencePaperView):
    name = "giay-moi"

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format", "pdf")
        if fmt == "pdf":
            return self.send(papers.invitations_pdf(self.data()), "pdf")
        if fmt == "docx":
            return self.send(papers.invitations_docx(self.data()), "docx")
        raise Http404(_("This document is not available in that format."))


class ListPdfView(ConferencePaperView):
    name = "danh-sach-hoi-nghi"

    def get(self, request, *args, **kwargs):
        return self.send(papers.list_pdf(self.data()), "pdf")


class ListXlsxView(ConferencePaperView):
    name = "danh-sach-hoi-nghi"

    def get(self, request, *args, **kwargs):
        return self.send(papers.list_xlsx(self.data()), "xlsx")
