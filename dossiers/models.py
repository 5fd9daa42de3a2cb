"""The evidence attached to a nomination: recognition decisions, registration forms, achievement
reports, photos, each one file, stored under MEDIA_ROOT (outside the static tree) and served only
through a view that checks who may see the nomination.

Evidence is added and removed only through ``dossiers.services``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models import DocumentRequirement
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
        Nomination, verbose_name=_("nomination"), on_delete=models.PROTECT,
        related_name="evidence",
    )
    # Empty: "other evidence". A requirement removed from the campaign's configuration leaves
    # its files attached to the nomination, as other evidence.
    requirement = models.ForeignKey(
        DocumentRequirement, verbose_name=_("required document"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT,
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
