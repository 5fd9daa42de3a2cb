"""Pages of the conference of a unit in a campaign (mounted under ``khen-thuong/`` by
``awards/urls.py``): its page (time, place, the list of the day, the downloads) and the form
where its staff enter or change it. The campaign and the unit must be visible (404); reading
is for the unit's staff, standing members and admins, entering for its staff (403)."""

from __future__ import annotations

import datetime

import rules
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from committees.models import Unit
from nominations.forms import add_service_errors
from nominations.selectors import level_or_403
from nominations.views.common import PageMixin, campaign_or_404

from .. import conference_services as services
from ..conference_selectors import day_list
from ..seating import MAX_FIRST_ROW, MAX_SEATS_PER_ROW


class ConferenceForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Name of the conference"),
        max_length=services.LIMITS["title"],
        help_text=gettext_lazy("Printed after “Đến dự:” on each invitation."),
    )
    starts_on = forms.DateField(
        label=gettext_lazy("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    starts_time = forms.TimeField(
        label=gettext_lazy("Time (Vietnam time)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    place = forms.CharField(label=gettext_lazy("Place"), max_length=services.LIMITS["place"])
    dress = forms.CharField(
        label=gettext_lazy("Dress code"), max_length=services.LIMITS["dress"], required=False
    )
    note = forms.CharField(
        label=gettext_lazy("Note on the invitation"),
        max_length=services.LIMITS["note"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    seats_per_row = forms.IntegerField(
        label=gettext_lazy("Seats per row"), min_value=1, max_value=MAX_SEATS_PER_ROW
    )
    first_row = forms.IntegerField(
        label=gettext_lazy("First row of the honored"),
        min_value=1,
        max_value=MAX_FIRST_ROW,
        help_text=gettext_lazy("The rows in front stay free for the leaders and guests."),
    )
    number = forms.CharField(
        label=gettext_lazy("Number of the invitation"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("Only the number; empty: written by hand on the printed copies."),
    )
    dated = forms.DateField(
        label=gettext_lazy("Date of the invitation"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Empty: the day they are printed."),
    )
    on_behalf = forms.CharField(
        label=gettext_lazy("On behalf of"), max_length=services.LIMITS["on_behalf"], required=False
    )
    signer_title = forms.CharField(
        label=gettext_lazy("Signer's title"),
        max_length=services.LIMITS["signer_title"],
        required=False,
    )
    signer_name = forms.CharField(
        label=gettext_lazy("Signer's name"),
        max_length=services.LIMITS["signer_name"],
        required=False,
    )

    def details(self) -> services.ConferenceDetails:
        data = self.cleaned_data
        starts_at = timezone.make_aware(
            datetime.datetime.combine(data["starts_on"], data["starts_time"])
        )
        return services.ConferenceDetails(
            title=data["title"],
            starts_at=starts_at,
            place=data["place"],
            dress=data["dress"],
            note=data["note"],
            seats_per_row=data["seats_per_row"],
            first_row=data["first_row"],
            number=data["number"],
            dated=data["dated"],
            on_behalf=data["on_behalf"],
            signer_title=data["signer_title"],
            signer_name=data["signer_name"],
        )

    @classmethod
    def initial_of(cls, conference) -> dict:
        local = timezone.localtime(conference.starts_at)
        values = {
            name: getattr(conference, name)
            for name in cls.base_fields
            if name not in ("starts_on", "starts_time")
        }
        return {**values, "starts_on": local.date(), "starts_time": local.time()}


class ConferencePageMixin(PageMixin):
    """The campaign and the unit (404 when not visible), the declared permission on the unit
    (403), and the unit must honor in the campaign (403)."""

    def prepare(self):
        user = self.request.user
        self.campaign = campaign_or_404(user, self.kwargs["code"])
        self.unit = get_object_or_404(Unit.objects.visible_to(user), code=self.kwargs["unit"])

    def get_permission_object(self):
        return self.unit

    def check_permission(self):
        super().check_permission()
        level = level_or_403(self.campaign, self.unit)
        if not level.can_honor:
            raise PermissionDenied(
                _("%(unit)s honors no one in this campaign: it holds no conference.")
                % {"unit": self.unit.name}
            )

    def page_url(self) -> str:
        return reverse("awards:conference", args=[self.campaign.code, self.unit.code])


class ConferenceView(ConferencePageMixin, View):
    permission_required = "awards.read_decisions"
    permission_denied_message = gettext_lazy(
        "Only the staff, standing committee and administrators of the unit see its conference."
    )

    def get(self, request, *args, **kwargs):
        conference = services.conference_of(self.campaign, self.unit)
        return render(
            request,
            "awards/conference_detail.html",
            {
                "campaign": self.campaign,
                "unit": self.unit,
                "conference": conference,
                "day": day_list(conference) if conference else None,
                "can_edit": rules.has_perm("awards.prepare_decisions", request.user, self.unit),
            },
        )


class ConferenceEditView(ConferencePageMixin, View):
    permission_required = "awards.prepare_decisions"
    permission_denied_message = gettext_lazy("Only the staff of the unit organise its conference.")

    def render_form(self, form, conference, status=200):
        return render(
            self.request,
            "awards/conference_form.html",
            {
                "form": form,
                "campaign": self.campaign,
                "unit": self.unit,
                "conference": conference,
                "page_url": self.page_url(),
            },
            status=status,
        )

    def get(self, request, *args, **kwargs):
        conference = services.conference_of(self.campaign, self.unit)
        if conference is None:
            initial = services.default_details(self.campaign, self.unit)
        else:
            initial = ConferenceForm.initial_of(conference)
        return self.render_form(ConferenceForm(initial=initial), conference)

    def post(self, request, *args, **kwargs):
        conference = services.conference_of(self.campaign, self.unit)
        form = ConferenceForm(request.POST)
        if form.is_valid():
            try:
                services.save_conference(request.user, self.campaign, self.unit, form.details())
            except ValidationError as error:
                add_service_errors(form, moved_to_date(error))
            else:
                messages.success(request, _("The conference is saved."))
                return redirect(self.page_url())
        return self.render_form(form, conference, status=400)


def moved_to_date(error: ValidationError) -> ValidationError:
    """The service speaks of ``starts_at``; the form shows it at the date field."""
    if hasattr(error, "error_dict") and "starts_at" in error.error_dict:
        errors = dict(error.error_dict)
        errors["starts_on"] = errors.pop("starts_at")
        return ValidationError(errors)
    return error


urlpatterns = [
    path("c/<slug:code>/<str:unit>/hoi-nghi/", ConferenceView.as_view(), name="conference"),
    path(
        "c/<slug:code>/<str:unit>/hoi-nghi/sua/",
        ConferenceEditView.as_view(),
        name="conference-edit",
    ),
]
