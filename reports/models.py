"""The units' reports (sơ kết, tổng kết): each unit's answer to a campaign's ``ReportRequest``.

Written, sent and reopened only through ``reports.services``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models import ReportRequest
from committees.models import Unit
from committees.scoping import ScopedQuerySet, UniqueChecksSpanTheTree
from nominations.validators import BY_CONTENT_TYPE


def report_path(instance: UnitReport, filename: str) -> str:
    """``reports/<report public id>/<random uuid><extension of the detected kind>``."""
    kind = BY_CONTENT_TYPE.get(instance.content_type)
    extension = kind.extension if kind else ""
    return f"reports/{instance.public_id}/{uuid.uuid4().hex}{extension}"


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Being written")
    SUBMITTED = "submitted", _("Submitted")


class UnitReportQuerySet(ScopedQuerySet):
    scope_lookup = "unit__path"


class UnitReport(UniqueChecksSpanTheTree, models.Model):
    """One unit's answer to a ``ReportRequest``: its text section by section (``{"I": ...}``)
    and/or one uploaded file. Written and sent only through ``reports.services``."""

    public_id = models.UUIDField(
        _("public identifier"), default=uuid.uuid4, unique=True, editable=False
    )
    request = models.ForeignKey(
        ReportRequest,
        verbose_name=_("report request"),
        on_delete=models.PROTECT,
        related_name="unit_reports",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="reports"
    )
    sections = models.JSONField(_("sections"), default=dict, blank=True)
    file = models.FileField(_("file"), upload_to=report_path, max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=ReportState.choices, default=ReportState.DRAFT
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last saved"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reopened_reason = models.TextField(_("reason for reopening"), blank=True)

    objects = UnitReportQuerySet.as_manager()

    class Meta:
        # The table of the app it came from: moved without copying a row.
        db_table = "dossiers_unitreport"
        verbose_name = _("unit report")
        verbose_name_plural = _("unit reports")
        ordering = ["unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["request", "unit"], name="one_report_per_unit"),
            models.CheckConstraint(
                condition=~models.Q(state="submitted") | models.Q(submitted_at__isnull=False),
                name="submitted_report_has_moment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request} · {self.unit}"

    @property
    def is_submitted(self) -> bool:
        return self.state == ReportState.SUBMITTED

    def text_of(self, number: str) -> str:
        return (self.sections or {}).get(number, "")

    @property
    def kind_label(self) -> str:
        kind = BY_CONTENT_TYPE.get(self.content_type)
        return kind.label if kind else self.content_type
