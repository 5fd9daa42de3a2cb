"""Per đảng bộ or per district: every unit's classification per year, as a table and as a
chart, with the units that did not register, or did not send a sơ kết / tổng kết report, before
their deadline highlighted."""

from __future__ import annotations

from collections import Counter

from django.urls import path
from django.utils import timezone
from django.views.generic import TemplateView

from campaigns.models import MilestoneLevel
from committees.models import Unit
from movements import services
from movements.chart import stacked_bars
from movements.evaluation import evaluate_years, load_tree, registrations

from .base import MovementMixin


class MovementDashboardView(MovementMixin, TemplateView):
    template_name = "movements/dashboard.html"

    def get_context_data(self, **kwargs):
        root = self.root()
        this_year = timezone.localdate().year
        years = [y for y in self.movement.years if y < this_year] or [self.movement.first_year]
        tree = load_tree(root)
        by_year = evaluate_years(years, root, self.movement, tree=tree)
        registered = registrations(self.movement, root)
        deadlines = services.registration_deadlines(self.movement)
        report_milestones = services.report_milestones(self.movement)
        submissions = services.report_submissions(report_milestones, root)
        now = timezone.now()
        rows = []
        for info in tree.evaluated:
            deadline = deadlines.get(MilestoneLevel.of(info.kind))
            at = registered.get(info.id)
            late = services.registered_late(at, deadline, now)
            reports = services.unit_report_statuses(
                report_milestones, info.kind, info.id, submissions, now
            )
            rows.append(
                {
                    "unit": info,
                    "depth": (len(info.path) - len(root.path)) // Unit.steplen,
                    "registered_at": at,
                    "deadline": deadline,
                    "late": late,
                    "reports": reports,
                    "unreported": any(s != services.ReportStatus.ON_TIME for _m, s in reports),
                    "cells": [by_year[y][info.id].classification for y in years],
                }
            )
        counts = {y: Counter(r.classification.result for r in by_year[y].values()) for y in years}
        return super().get_context_data(
            **self.base_context(),
            root=root,
            shown_years=years,
            rows=rows,
            chart=stacked_bars(counts),
            counts=counts,
            late_count=sum(1 for row in rows if row["late"]),
            unreported_count=sum(1 for row in rows if row["unreported"]),
            has_reports=bool(report_milestones),
            **kwargs,
        )


urlpatterns = [
    path(
        "<slug:code>/bon-tot/tong-hop/", MovementDashboardView.as_view(), name="four-good-dashboard"
    ),
]
