"""The reward candidates (bốn tốt two years in a row, registered), and filing the collective
nomination of one of them through the nominations workflow."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from movements import services
from movements.evaluation import candidates, evaluate_year
from nominations.models import Nomination, NominationState
from nominations.permissions import can_file_for

from .base import MovementMixin


class CandidatesView(MovementMixin, TemplateView):
    template_name = "movements/candidates.html"

    def get_context_data(self, **kwargs):
        root, year = self.root(), self.year()
        found = candidates(evaluate_year(year, root, self.movement))
        # Only what the viewer may open: another unit's draft is no link (it would be a 404).
        filed = dict(
            Nomination.objects.visible_to(self.request.user)
            .filter(campaign=self.campaign, collective_id__in=[c.unit.id for c in found])
            .exclude(state=NominationState.WITHDRAWN)
            .values_list("collective_id", "public_id")
        )
        user = self.request.user
        for candidate in found:
            candidate.nomination_id = filed.get(candidate.unit.id)
            candidate.can_file = (
                candidate.nomination_id is None
                and self.campaign.files_from(candidate.unit)
                and user.unit_id == candidate.unit.id
                and can_file_for(user, user.unit)
            )
        return super().get_context_data(
            **self.base_context(), root=root, year=year, candidates=found, **kwargs
        )


class FileRewardView(MovementMixin, View):
    """POST: the candidate files its collective nomination as a draft; the secretary then adds
    the tờ trình, báo cáo tóm tắt thành tích and biên bản họp chi bộ, and submits it."""

    def post(self, request, *args, **kwargs):
        unit = self.unit_by_code(kwargs["unit"])
        year = kwargs["year"]
        if not can_file_for(request.user, unit):
            raise PermissionDenied
        try:
            nomination = services.file_reward_nomination(request.user, self.movement, unit, year)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(
                reverse("movements:four-good-candidates", args=[self.campaign.code])
                + f"?year={year}"
            )
        messages.success(
            request, _("The draft nomination was created: add the documents and submit it.")
        )
        return redirect("nominations:detail", public_id=nomination.public_id)


urlpatterns = [
    path("<slug:code>/bon-tot/khen-thuong/", CandidatesView.as_view(), name="four-good-candidates"),
    path(
        "<slug:code>/bon-tot/khen-thuong/<str:unit>/<int:year>/",
        FileRewardView.as_view(),
        name="four-good-file",
    ),
]
