"""The evidence attached to a nomination: recognition decisions, registration forms, achievement
reports, photos, each one file, stored under MEDIA_ROOT (outside the static tree) and served only
through a view that checks who may see the nomination.

Evidence is added and removed only through ``dossiers.services``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, DocumentRequirement, ReportRequest
from committees.models import Unit
from committees.scoping import ScopedQuerySet, UniqueChecksSpanTheTree
from nominations.models import Nomination

from .validators import BY_CONTENT_TYPE


def evidence_path(instance: Evidence, filename: str) -> str:
    """``evidence/<nomination public id>/<random uuid><extension of the detected kind>``.

    The uploaded name never reaches the path (it is kept, sanitised, in ``original_name``).
    """
    kind = BY_CONTENT_TYPE.get(instance.content_type)
    extension = kind.extension if kind else ""
    return f"evidence/{instance.nomination.public_id}/{uuid.uuid4().hex}{extension}"


class EvidenceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The evidence of the nominations the user may see (the one scoping layer decides)."""
        return self.filter(nomination__in=Nomination.objects.visible_to(user).values("pk"))


class Evidence(models.Model):
    # URLs carry this, not the row id.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("nomination"),
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    # Empty: "other evidence". A requirement removed from the campaign's configuration leaves
    # its files attached to the nomination, as other evidence.
    requirement = models.ForeignKey(
        DocumentRequirement,
        verbose_name=_("required document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["nomination", "requirement"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(size__gt=0), name="evidence_not_empty"),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def kind(self):
        return BY_CONTENT_TYPE.get(self.content_type)

    @property
    def kind_label(self) -> str:
        kind = self.kind
        return kind.label if kind else self.content_type

    @property
    def is_image(self) -> bool:
        kind = self.kind
        return bool(kind and kind.is_image)


# --- whole-dossier bundles ---------------------------------------------------------------------


class BundleState(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def bundle_path(instance: DossierBundle, filename: str) -> str:
    """``bundles/<bundle public id>.zip``: nothing a user typed reaches the stored name."""
    return f"bundles/{instance.public_id}.zip"


class DossierBundleQuerySet(ScopedQuerySet):
    scope_lookup = "unit__path"


class DossierBundle(UniqueChecksSpanTheTree, models.Model):
    """A zip of everything a reviewing unit sends up (or, at the top, honored) in a campaign,
    built by the Celery task ``dossiers.bundles.tasks.build_bundle``. The row carries the
    progress (``done`` of ``total`` files), so the page can follow it whether the task runs
    inline or in a worker. Requested only through ``dossiers.bundles.services``."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="dossier_bundles",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="dossier_bundles"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    state = models.CharField(
        _("state"), max_length=8, choices=BundleState.choices, default=BundleState.QUEUED
    )
    done = models.PositiveIntegerField(_("files written"), default=0)
    total = models.PositiveIntegerField(_("files in all"), default=0)
    nominees = models.PositiveIntegerField(_("nominees"), default=0)
    file = models.FileField(_("file"), upload_to=bundle_path, max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = DossierBundleQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier bundle")
        verbose_name_plural = _("dossier bundles")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["campaign", "unit", "-requested_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done__lte=models.F("total")), name="bundle_done_within_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.campaign} · {self.requested_at:%d/%m/%Y %H:%M}"

    @property
    def is_finished(self) -> bool:
        return self.state in (BundleState.DONE, BundleState.FAILED) or self.is_interrupted

    @property
    def is_ready(self) -> bool:
        return self.state == BundleState.DONE and bool(self.file)

    @property
    def is_removed(self) -> bool:
        """Built, then its zip removed after ``BUNDLE_KEEP_DAYS`` (``remove_old_zips``)."""
        return self.state == BundleState.DONE and not self.file

    @property
    def is_interrupted(self) -> bool:
        """Still marked running long after the worker's hard time limit: the worker died (or
        was killed) before it could say so. Shown as failed; nothing polls it any more."""
        from .bundles.limits import STALE_AFTER

        return (
            self.state == BundleState.RUNNING
            and self.started_at is not None
            and timezone.now() - self.started_at > STALE_AFTER
        )

    @property
    def percent(self) -> int:
        if self.state == BundleState.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)

    @property
    def percent_step(self) -> int:
        """``percent`` rounded down to a multiple of 5: the page draws the bar with one CSS
        class per step (``w-pct-0`` … ``w-pct-100``), as the CSP forbids inline styles."""
        return self.percent // 5 * 5


# --- the units' reports (sơ kết, tổng kết) -----------------------------------------------------


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
    and/or one uploaded file. Written and sent only through ``dossiers.reports``."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
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
    sha256 = models.CharField(max_length=64, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=ReportState.choices, default=ReportState.DRAFT
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("last saved"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reopened_reason = models.TextField(_("reason for reopening"), blank=True)

    objects = UnitReportQuerySet.as_manager()

    class Meta:
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
