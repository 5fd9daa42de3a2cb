from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import Unit
from committees.scoping import ScopedQuerySet
from core.reads import ReadKind


class Kind(models.TextChoices):
    PERSON = ReadKind.PERSON, _("Person's page")
    DOCUMENT = ReadKind.DOCUMENT, _("Document")
    EVIDENCE = ReadKind.EVIDENCE, _("Evidence file")
    EXPORT = ReadKind.EXPORT, _("Export")
    BUNDLE = ReadKind.BUNDLE, _("Dossier bundle")


class ReadRecordQuerySet(ScopedQuerySet):
    scope_lookup = "unit__path"


class ReadRecord(models.Model):
    """One read of sensitive data. Written once (the database refuses UPDATE and DELETE); only
    the retention task removes records older than ``READ_RECORDS_KEEP_DAYS``."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("what"), max_length=16, choices=Kind.choices)
    label = models.CharField(_("read"), max_length=255)
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    path = models.CharField(_("page"), max_length=500)

    objects = ReadRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("access record")
        verbose_name_plural = _("access records")
        ordering = ["-at", "-id"]
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.label} {self.at:%Y-%m-%d %H:%M}"
