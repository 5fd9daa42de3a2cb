"""Pages of the certificates (mounted under ``khen-thuong/`` by ``awards/urls.py``): for an
issued decision, the warnings and refusals of its texts before printing, the office's printer
offsets, and the links to the PDFs (``documents:certificates``, ``documents:certificate``,
``documents:calibration``)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from nominations.forms import add_service_errors
from nominations.views.common import PageMixin

from .. import certificate_services
from ..certificates import (
    MAX_OFFSET_MM,
    certificate_set,
    live_entries,
    offsets_for,
    placement_problems,
)
from ..models import Decision, DecisionKind


def issued_decision_or_404(user, public_id) -> Decision:
    """An issued decision that honors (an annulment has no certificates), if the user sees
    its unit; otherwise 404."""
    return get_object_or_404(
        Decision.objects.visible_to(user)
        .issued()
        .filter(kind=DecisionKind.HONOR)
        .select_related("campaign", "level", "unit"),
        public_id=public_id,
    )


class PrinterOffsetsForm(forms.Form):
    offset_x_mm = forms.DecimalField(
        label=gettext_lazy("Shift to the right (mm)"),
        help_text=gettext_lazy("Negative: to the left."),
        max_digits=4,
        decimal_places=1,
        min_value=-MAX_OFFSET_MM,
        max_value=MAX_OFFSET_MM,
        localize=True,  # "2,5" as Vietnamese write it
    )
    offset_y_mm = forms.DecimalField(
        label=gettext_lazy("Shift down (mm)"),
        help_text=gettext_lazy("Negative: up."),
        max_digits=4,
        decimal_places=1,
        min_value=-MAX_OFFSET_MM,
        max_value=MAX_OFFSET_MM,
        localize=True,  # "2,5" as Vietnamese write it
    )


class CertificatesView(PageMixin, View):
    """The certificates page of an issued decision; POST saves the office's printer offsets."""

    permission_required = "awards.prepare_decisions"
    permission_denied_message = gettext_lazy(
        "Only the staff of the unit that issued the decision print its certificates."
    )
    template_name = "awards/certificates.html"

    def prepare(self):
        self.decision = issued_decision_or_404(self.request.user, self.kwargs["public_id"])

    def get_permission_object(self):
        return self.decision.unit

    def get(self, request, *args, **kwargs):
        offset_x, offset_y = offsets_for(self.decision)
        form = PrinterOffsetsForm(initial={"offset_x_mm": offset_x, "offset_y_mm": offset_y})
        return self.render_page(form)

    def post(self, request, *args, **kwargs):
        form = PrinterOffsetsForm(request.POST)
        if form.is_valid():
            try:
                certificate_services.save_printer_offsets(
                    request.user,
                    self.decision.unit,
                    self.decision.campaign,
                    offset_x_mm=form.cleaned_data["offset_x_mm"],
                    offset_y_mm=form.cleaned_data["offset_y_mm"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The printer's shift was saved."))
                return redirect(request.path)
        return self.render_page(form, status=400)

    def render_page(self, form, status=200):
        decision = self.decision
        found = certificate_set(decision)
        layout = found.layout
        offset = offsets_for(decision)
        # The same checks as the PDFs: on plain paper the boxes as the campaign sets them, on
        # blanks moved by the office's shift.
        refusals = [*found.refusals, *placement_problems(layout, (0.0, 0.0))]
        off_page = [] if refusals else placement_problems(layout, offset)
        return render(
            self.request,
            self.template_name,
            {
                "title": _("Certificates"),
                "decision": decision,
                "campaign": decision.campaign,
                "entries": list(live_entries(decision)),
                "warnings": found.warnings,
                "refusals": refusals,
                "off_page": off_page,
                "form": form,
                "paper": layout.paper,
                "landscape": layout.orientation == "landscape",
                "default_offsets": (layout.offset_x_mm, layout.offset_y_mm),
                "pdf_url": reverse("documents:certificates", args=[decision.public_id]),
                "calibration_url": reverse("documents:calibration", args=[decision.public_id]),
            },
            status=status,
        )


urlpatterns = [
    path(
        "quyet-dinh/<uuid:public_id>/giay-khen/",
        CertificatesView.as_view(),
        name="certificates",
    ),
]
