"""The progress page's "remind the units that have not sent": reminders at once, to the units
under the staff's unit that have not filed (or not sent up), never twice the same day."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from .. import reminders
from .common import PageMixin, campaign_or_404, level_of_user


class RemindUnitsView(PageMixin, View):
    permission_required = "nominations.remind_units"
    permission_denied_message = gettext_lazy(
        "The progress page is for the staff of a reviewing level."
    )

    def prepare(self):
        self.campaign = campaign_or_404(self.request.user, self.kwargs["code"])
        level_of_user(self.request.user, self.campaign)

    def post(self, request, *args, **kwargs):
        try:
            count = reminders.remind_now(request.user, self.campaign)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)d unit reminded (units already reminded today are not told again).",
                    "%(n)d units reminded (units already reminded today are not told again).",
                    count,
                )
                % {"n": count},
            )
        return redirect("nominations:progress", code=self.campaign.code)


urlpatterns = [
    path("c/<slug:code>/tien-do/nhac/", RemindUnitsView.as_view(), name="remind-units"),
]
