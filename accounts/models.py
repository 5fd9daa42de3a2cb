"""The account log: every change to an account, append-only and hash-chained like the history of
the tree (``committees.UnitChange``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import Unit
from committees.scoping import ScopedQuerySet
from core.audit.records import AppendOnlyQuerySet, ChainedRecord, append_only_triggers


class AccountChangeKind(models.TextChoices):
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Changed")
    DEACTIVATED = "deactivated", _("Deactivated")
    REACTIVATED = "reactivated", _("Reactivated")
    PASSWORD_RESET = "password_reset", _("Password reset")


class AccountChangeQuerySet(AppendOnlyQuerySet, ScopedQuerySet):
    # The unit the account belonged to when the change was made: an administrator reads the log
    # of their subtree, including accounts that have since moved away.
    scope_lookup = "unit__path"


class AccountChange(ChainedRecord):
    """Who changed which account, when, and what: written in the same transaction as the change,
    never changed or deleted (refused by the application and by a PostgreSQL trigger)."""

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="account_changes",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    kind = models.CharField(_("change"), max_length=16, choices=AccountChangeKind.choices)
    #: what changed, one "field: before → after" per line (never a password)
    details = models.TextField(_("details"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # A default, not auto_now_add: the moment is known before the insert, so it is hashed.
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    objects = AccountChangeQuerySet.as_manager()

    chain_name = "accounts"
    chain_fields = ("account", "unit", "kind", "details", "recorded_by", "recorded_at")
    immutable_message = _("The account log cannot be changed.")
    undeletable_message = _("The account log cannot be deleted.")

    class Meta:
        verbose_name = _("account change")
        verbose_name_plural = _("account changes")
        ordering = ["-recorded_at", "-id"]
        triggers = append_only_triggers()

    def __str__(self) -> str:
        return f"{self.account_id} {self.get_kind_display()} {self.recorded_at:%Y-%m-%d %H:%M}"
