"""The dossiers' own rows: whole-dossier bundles and the units' review reports (the evidence of
a nomination belongs to the nomination: ``nominations.models.Evidence``)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from committees.models import Unit
from committees.scoping import ScopedQuerySet, UniqueChecksSpanTheTree

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
