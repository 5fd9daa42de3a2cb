"""The inbox: one notice per recipient and event, and what it takes to e-mail it.

A notice is written in the same transaction as what it tells (a transition, a bundle built, a
reminder), so it is in the inbox whenever that is committed, whatever the mail server or the
queue do. Its ``delivery`` is also the e-mail's outbox: a notice waiting to be e-mailed stays
``queued`` (or ``digest``) until a message has left, and ``retry_notice_emails`` picks up what
the queue or the mail server refused.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import Unit


class NoticeKind(models.TextChoices):
    NOMINATION_ARRIVED = "nomination_arrived", _("A nomination arrived at your level")
    NOMINATION_RETURNED = "nomination_returned", _("A nomination was returned for revision")
    NOMINATION_REJECTED = "nomination_rejected", _("A nomination was rejected")
    NOMINATION_WITHDRAWN = "nomination_withdrawn", _("A nomination was withdrawn")
    NOMINATION_DECIDED = "nomination_decided", _("A decision on a nomination you filed")
    BUNDLE_READY = "bundle_ready", _("A dossier bundle is ready")
    REPORT_REQUESTED = "report_requested", _("A report is requested of your unit")
    DEADLINE = "deadline", _("A deadline is near")
    RESULTS_REPORT = "results_report", _("A unit's report of results arrived")
    OPERATIONS = "operations", _("Something the site does by itself failed")


class Delivery(models.TextChoices):
    #: inbox only: no address, e-mail turned off, or an inactive account
    INBOX = "inbox", _("inbox only")
    #: an e-mail of its own, not sent yet
    QUEUED = "queued", _("e-mail waiting")
    #: in the next daily digest
    DIGEST = "digest", _("in the next daily digest")
    SENT = "sent", _("e-mailed")


#: the deliveries that still owe an e-mail
OWED = (Delivery.QUEUED, Delivery.DIGEST)


class NoticeQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    """Something one user is told: a sentence, a longer text and where to look. Title and body
    are written when the notice is created, in the site's language, so the inbox reads one
    table."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NoticeKind.choices)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    #: the page of the object the notice is about (a path on this site)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    delivery = models.CharField(
        _("e-mail"), max_length=8, choices=Delivery.choices, default=Delivery.INBOX
    )
    #: a sender took this notice's e-mail (``claim`` names which one); a claim older than
    #: ``tasks.CLAIM_EXPIRES`` is a sender that died, and is taken over
    claim = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notice_inbox"),
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notice_unread"
            ),
            models.Index(
                fields=["delivery", "created_at"],
                condition=Q(delivery__in=["queued", "digest"]),
                name="notice_owed_email",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class DeadlineKind(models.TextChoices):
    FILING = "filing", _("filing nominations")
    SENDING_UP = "sending_up", _("sending nominations up")
    REPORT = "report", _("sending a report")


class ReminderSent(models.Model):
    """One reminder told to one unit: of a deadline, so many days before it. Unique, so that no
    unit is reminded twice of the same deadline at the same offset, whoever runs the reminders
    and however often (two beats at once included: the second insert fails)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="reminders"
    )
    deadline_kind = models.CharField(_("deadline of"), max_length=16, choices=DeadlineKind.choices)
    #: the campaign (filing), the reviewing level (sending up) or the report request (report)
    deadline_id = models.PositiveIntegerField(_("deadline id"))
    #: the deadline reminded of: a deadline moved is a new one, reminded of again
    deadline_at = models.DateTimeField(_("deadline"))
    days_before = models.PositiveSmallIntegerField(_("days before"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "deadline_kind", "deadline_id", "deadline_at", "days_before"],
                name="one_reminder_per_unit_deadline_and_offset",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.deadline_kind}:{self.deadline_id} -{self.days_before}d"
