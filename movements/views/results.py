"""The yearly results of a subtree, one unit's classification with its reasoning, the export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from campaigns.models import MilestoneLevel
from movements import exports, permissions, services
from movements.evaluation import EVALUATED_KINDS, evaluate_year
from movements.forms import JudgementForm
from movements.models import Judgement

from .base import MovementMixin


class ResultsView(MovementMixin, TemplateView):
    template_name = "movements/results.html"

    def get_context_data(self, **kwargs):
        root, year = self.root(), self.year()
        results = evaluate_year(year, root, self.movement)
        deadlines = services.registration_deadlines(self.movement)
        for result in results:
            result.registered_on_time = services.on_time(
                result.registered_at, deadlines.get(MilestoneLevel.of(result.unit.kind))
            )
        return super().get_context_data(
            **self.base_context(), root=root, year=year, results=results, **kwargs
        )


class ExportView(MovementMixin, View):
    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format", "xlsx")
        if fmt not in exports.FORMATS:
            raise Http404
        root, year = self.root(), self.year()
        results = evaluate_year(year, root, self.movement, with_names=False)
        response = HttpResponse(
            exports.render(results, fmt, self.campaign.title), content_type=exports.FORMATS[fmt]
        )
        response["Content-Disposition"] = f'attachment; filename="bon-tot-{root.code}-{year}.{fmt}"'
        return response


class UnitResultView(MovementMixin, TemplateView):
    """One unit's classification, line by line, with the judgement form for the level above."""

    template_name = "movements/unit_result.html"

    def setup_unit(self, kwargs):
        self.unit = self.unit_by_code(kwargs["unit"])
        if self.unit.kind not in EVALUATED_KINDS or not self.unit.is_active:
            raise Http404
        self.year_value = kwargs["year"]
        if self.year_value not in self.movement.years:
            raise Http404

    def get(self, request, *args, **kwargs):
        self.setup_unit(kwargs)
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self.setup_unit(kwargs)
        if not permissions.can_judge(request.user, self.unit):
            raise PermissionDenied
        form = JudgementForm(request.POST)
        if form.is_valid():
            try:
                services.judge(
                    request.user, self.movement, self.unit, self.year_value, form.verdict()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The judgement was saved."))
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        result = evaluate_year(self.year_value, self.unit, self.movement)[0]
        judgement = (
            Judgement.objects.filter(movement=self.movement, unit=self.unit, year=self.year_value)
            .select_related("judged_by")
            .first()
        )
        history = (
            list(judgement.changes.select_related("changed_by").order_by("-id"))
            if judgement
            else []
        )
        can_judge = permissions.can_judge(self.request.user, self.unit)
        if can_judge and "form" not in kwargs:
            kwargs["form"] = JudgementForm(initial=JudgementForm.initial_from(judgement))
        return super().get_context_data(
            **self.base_context(),
            unit=self.unit,
            year=self.year_value,
            result=result,
            judgement=judgement,
            history=history,
            can_judge=can_judge,
            results_url=reverse("movements:four-good-results", args=[self.campaign.code]),
            **kwargs,
        )


urlpatterns = [
    path("<slug:code>/bon-tot/ket-qua/", ResultsView.as_view(), name="four-good-results"),
    path("<slug:code>/bon-tot/xuat-tep/", ExportView.as_view(), name="four-good-export"),
    path(
        "<slug:code>/bon-tot/don-vi/<str:unit>/<int:year>/",
        UnitResultView.as_view(),
        name="four-good-unit",
    ),
]
