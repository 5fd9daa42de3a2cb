"""Download pages of the documents. Each is thin: it finds the object through ``visible_to(user)``
(outside the subtree: 404), asks ``nominations.permissions`` whether the user may have the document
(otherwise 403), shows a small GET form prefilled with sensible values, and with ``?format=`` it
builds the document's data (``context``) and writes the file (``rendering``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from committees.models import Unit
from core.reads import ReadKind, note_read
from nominations.models import Nomination, VoteSession
from nominations.permissions import can_file_for, can_record_votes
from nominations.views.common import PageMixin, campaign_or_404

from . import context, forms_registry, rendering
from .forms import (
    DocumentDetailsForm,
    MinutesDetailsForm,
    RegistrationDetailsForm,
    ReportDetailsForm,
    bound_with_defaults,
)

FORMAT_LABELS = {
    "pdf": gettext_lazy("Download PDF"),
    "docx": gettext_lazy("Download Word (.docx)"),
    "xlsx": gettext_lazy("Download Excel (.xlsx)"),
}


def file_response(content: bytes, fmt: str, stem: str) -> HttpResponse:
    response = HttpResponse(content, content_type=rendering.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{slugify(stem) or "van-ban"}.{fmt}"'
    # Names, phone numbers and votes: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


class DocumentView(PageMixin, View):
    """One document: the form page, or the file with ``?format=pdf|docx|xlsx``."""

    template_name = "documents/document_form.html"
    form_class = DocumentDetailsForm
    formats: tuple[str, ...] = ("pdf", "docx")
    title = ""

    def initial(self) -> dict:
        raise NotImplementedError

    def build(self, details: context.Details) -> dict:
        raise NotImplementedError

    def file_stem(self) -> str:
        raise NotImplementedError

    def page_context(self) -> dict:
        """What the form page says about the object, and where it links back to."""
        return {}

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format")
        initial = self.initial()
        if not fmt:
            return self.render_page(self.form_class(initial=initial))
        if fmt not in self.formats:
            raise Http404(_("This document is not available in that format."))
        form = bound_with_defaults(self.form_class, request.GET, initial)
        if not form.is_valid():
            return self.render_page(form, status=400)
        document = self.build(context.Details.from_form(form.cleaned_data))
        note_read(ReadKind.DOCUMENT, f"{self.file_stem()}.{fmt}", unit_id=self.read_unit_id())
        return file_response(rendering.write(document, fmt), fmt, self.file_stem())

    def read_unit_id(self) -> int | None:
        """The unit whose data the document shows, for the record of who read it."""
        return None

    def render_page(self, form, status: int = 200):
        return render(
            self.request,
            self.template_name,
            {
                "title": self.title,
                "form": form,
                "formats": [(fmt, FORMAT_LABELS[fmt]) for fmt in self.formats],
                **self.page_context(),
            },
            status=status,
        )


# --- one nomination ------------------------------------------------------------------------------


class NominationDocumentView(DocumentView):
    """Whoever may see a nomination may print its documents."""

    def read_unit_id(self) -> int | None:
        return self.nomination.filing_unit_id

    def prepare(self):
        self.nomination = get_object_or_404(
            Nomination.objects.visible_to(self.request.user).select_related(
                "campaign",
                "category",
                "person__unit",
                "collective",
                "filing_unit",
            ),
            public_id=self.kwargs["public_id"],
        )

    def page_context(self):
        nomination = self.nomination
        return {
            "campaign": nomination.campaign,
            "subtitle": f"{nomination.nominee_name} · {nomination.category.name}",
            "back_url": reverse("nominations:detail", args=[nomination.public_id]),
            "back_label": nomination.nominee_name,
        }


class AchievementReportView(NominationDocumentView):
    title = gettext_lazy("Achievement report")
    form_class = ReportDetailsForm

    def initial(self):
        return context.report_defaults(self.nomination)

    def build(self, details):
        return context.achievement_report(self.nomination, details)

    def file_stem(self):
        return f"bao-cao-thanh-tich-{self.nomination.public_id.hex[:8]}"

    def page_context(self):
        extra = super().page_context()
        limit = forms_registry.report_page_limit(self.nomination.campaign)
        extra["notes"] = [
            _("Form: %(form)s")
            % {"form": forms_registry.achievement_form_title(self.nomination.campaign)}
        ]
        if limit is not None:
            extra["notes"].append(_("This campaign allows at most %(n)s A4 pages.") % {"n": limit})
        return extra


class NominationIndexView(NominationDocumentView):
    title = gettext_lazy("Dossier cover list")
    form_class = ReportDetailsForm

    def initial(self):
        unit = self.nomination.filing_unit
        return context.unit_defaults(unit, context.ancestors_of(unit))

    def build(self, details):
        return context.nomination_index(self.nomination, details)

    def file_stem(self):
        return f"danh-muc-ho-so-{self.nomination.public_id.hex[:8]}"


# --- the documents of a level --------------------------------------------------------------------


class UnitDocumentView(DocumentView):
    """A document issued by a unit in a campaign: the campaign and the unit must be visible to
    the user (404 otherwise)."""

    def read_unit_id(self) -> int | None:
        return self.unit.pk

    def prepare(self):
        user = self.request.user
        self.campaign = campaign_or_404(user, self.kwargs["code"])
        self.unit = get_object_or_404(Unit.objects.visible_to(user), code=self.kwargs["unit"])

    def check_permission(self) -> None:
        """The level's documents: for the staff and standing committee of that very unit
        (``PageMixin`` calls it once the campaign and the unit are found)."""
        if not can_record_votes(self.request.user, self.unit):
            raise PermissionDenied(
                _("Only the staff and standing committee of %(unit)s can issue its documents.")
                % {"unit": self.unit.name}
            )
        self.level = context.level_of_unit(self.campaign, self.unit)

    def initial(self):
        return context.unit_defaults(self.unit, context.ancestors_of(self.unit))

    def page_context(self):
        return {"campaign": self.campaign, "subtitle": f"{self.unit.name} · {self.campaign.title}"}

    def stem(self, name: str) -> str:
        return f"{name}-{self.unit.code}-{self.campaign.code}"


class ProposalView(UnitDocumentView):
    title = gettext_lazy("Proposal memo")

    def check_permission(self):
        super().check_permission()
        if not context.sends_up(self.level):
            raise PermissionDenied(_("The top level sends nothing up: it has no proposal memo."))

    def build(self, details):
        return context.proposal(self.campaign, self.unit, self.request.user, details)

    def file_stem(self):
        return self.stem("to-trinh")


class NomineeListView(UnitDocumentView):
    title = gettext_lazy("Summary list of nominees")
    formats = ("pdf", "docx", "xlsx")

    def build(self, details):
        return context.nominee_list(self.campaign, self.unit, self.request.user, details)

    def file_stem(self):
        return self.stem("danh-sach-trich-ngang")


class LevelIndexView(UnitDocumentView):
    title = gettext_lazy("Dossier cover list")
    form_class = ReportDetailsForm

    def build(self, details):
        return context.level_index(self.campaign, self.unit, self.request.user, details)

    def file_stem(self):
        return self.stem("danh-muc-ho-so")


class RegistrationView(UnitDocumentView):
    """Mẫu 1 (seed 001): a cell or a đảng bộ registers the four criteria for a year. Its
    secretary or staff file it; its standing committee members may print it too."""

    title = gettext_lazy("Emulation registration (Mẫu 1)")
    form_class = RegistrationDetailsForm

    def check_permission(self):
        user = self.request.user
        if not self.unit.is_party_organisation:
            raise Http404(_("Only party organisations register for this movement."))
        if not (can_file_for(user, self.unit) or can_record_votes(user, self.unit)):
            raise PermissionDenied(
                _("Only the secretary, staff or standing committee of %(unit)s can register it.")
                % {"unit": self.unit.name}
            )

    def initial(self):
        values = super().initial()
        values["year"] = values["day"].year
        return values

    def build(self, details):
        return context.registration(self.campaign, self.unit, details)

    def file_stem(self):
        return self.stem("dang-ky-thi-dua")


# --- the minutes of a vote session ---------------------------------------------------------------


class MinutesView(DocumentView):
    title = gettext_lazy("Minutes of the vote")
    form_class = MinutesDetailsForm

    def read_unit_id(self) -> int | None:
        return self.session.unit_id

    def prepare(self):
        user = self.request.user
        self.session = get_object_or_404(
            VoteSession.objects.visible_to(user).select_related(
                "campaign", "level", "unit", "body", "recorded_by"
            ),
            public_id=self.kwargs["public_id"],
        )
        if not can_record_votes(user, self.session.unit):
            raise PermissionDenied(
                _("Only the staff and standing committee of %(unit)s can issue its minutes.")
                % {"unit": self.session.unit.name}
            )

    def initial(self):
        return context.minutes_defaults(self.session)

    def build(self, details):
        return context.minutes(self.session, self.request.user, details)

    def file_stem(self):
        return f"bien-ban-{self.session.unit.code}-{self.session.public_id.hex[:8]}"

    def page_context(self):
        session = self.session
        return {
            "campaign": session.campaign,
            "subtitle": f"{session.unit.name} · {session.level.name}",
            "back_url": reverse("nominations:session-detail", args=[session.public_id]),
            "back_label": _("Vote session"),
        }
