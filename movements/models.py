"""The records of an emulation movement ("chi bộ bốn tốt"): the units' registrations and the
level above's yearly judgements with their append-only history.

The movement itself (thresholds, years, milestones) is campaign configuration, written by the
campaign's file: ``campaigns.models.Movement``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models import Movement
from committees.models import Unit


class MovementRegistration(models.Model):
    """A unit's registration (Mẫu 1) in a movement, at the moment the server recorded it."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="registrations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="movement_registrations")
    registered_at = models.DateTimeField(_("registered at"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    content = models.TextField(_("commitments (Mẫu 1)"), blank=True)

    class Meta:
        # The table of the app it came from: moved without copying a row.
        db_table = "campaigns_movementregistration"
        verbose_name = _("movement registration")
        verbose_name_plural = _("movement registrations")
        constraints = [
            models.UniqueConstraint(fields=["movement", "unit"], name="one_registration_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.registered_at:%Y-%m-%d}"


class Judgement(models.Model):
    """The level above's judgement of T1–T3 for one unit and year. Empty means not judged,
    which counts as not achieved. Every change is kept in ``JudgementChange``."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="judgements")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="four_good_judgements")
    year = models.PositiveSmallIntegerField(_("year"))
    political_task = models.BooleanField(_("T1 political task"), null=True, blank=True)
    meeting_quality = models.BooleanField(_("T2 meeting quality"), null=True, blank=True)
    unity_discipline = models.BooleanField(_("T3 unity and discipline"), null=True, blank=True)
    press_exposed_violation = models.BooleanField(
        _("a member's violation was exposed by the press or the public"), default=False
    )
    notes = models.TextField(_("notes and evidence"), blank=True)
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    judged_at = models.DateTimeField(_("judged at"))

    class Meta:
        db_table = "campaigns_judgement"
        verbose_name = _("four-good judgement")
        verbose_name_plural = _("four-good judgements")
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "unit", "year"], name="one_judgement_per_unit_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"


class JudgementChangeQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("The history of a judgement cannot be changed."))

    def delete(self):
        raise ValidationError(_("The history of a judgement cannot be deleted."))


class JudgementChange(models.Model):
    """Append-only: each version of a judgement, who wrote it, when and from where."""

    judgement = models.ForeignKey(Judgement, on_delete=models.PROTECT, related_name="changes")
    political_task = models.BooleanField(null=True)
    meeting_quality = models.BooleanField(null=True)
    unity_discipline = models.BooleanField(null=True)
    press_exposed_violation = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField()
    source = models.CharField(max_length=16)  # "form" or "import"

    objects = JudgementChangeQuerySet.as_manager()

    class Meta:
        db_table = "campaigns_judgementchange"
        verbose_name = _("judgement change")
        verbose_name_plural = _("judgement history")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.judgement_id} @ {self.changed_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("The history of a judgement cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("The history of a judgement cannot be deleted."))
