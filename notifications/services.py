"""Telling people: the notices of the inbox, their e-mails, and the reminders of deadlines.

``notify`` is called by the services of the apps above, inside their transaction: the notices
are written with what they tell (all or nothing), and the e-mails are queued once it has
committed. The apps above decide who is told and what is said; this app keeps the inbox.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from committees.models import Role, Unit, User
from config.celery import send_safely

from .models import DeadlineKind, Delivery, Notice, NoticeKind, ReminderSent

#: the roles at a unit that are told what the unit must do (file, report, send up)
UNIT_ROLES = (Role.CELL_SECRETARY, Role.STAFF)


def delivery_for(user: User) -> str:
    """How ``user`` wants a notice: one e-mail each, a daily digest, or the inbox only."""
    if not user.is_active or not user.email or not user.notify_by_email:
        return Delivery.INBOX
    return Delivery.DIGEST if user.email_digest else Delivery.QUEUED


def notify(
    recipients: Iterable[User],
    kind: NoticeKind | str,
    title: str,
    body: str = "",
    url: str = "",
    *,
    exclude: User | None = None,
) -> list[Notice]:
    """A notice for each recipient (each once; ``exclude``, the one who acted, left out), in one
    insert inside the caller's transaction; their e-mails are queued once it commits. ``title``
    and ``body`` are already in the site's language."""
    now = timezone.now()
    seen: set[int] = set()
    notices = []
    for user in recipients:
        if user.pk in seen or (exclude is not None and user.pk == exclude.pk):
            continue
        seen.add(user.pk)
        notices.append(
            Notice(
                recipient=user,
                kind=kind,
                title=title[:300],
                body=body,
                url=url,
                created_at=now,
                delivery=delivery_for(user),
            )
        )
    if not notices:
        return []
    created = Notice.objects.bulk_create(notices)
    queued = [n.pk for n in created if n.delivery == Delivery.QUEUED]
    if queued:
        transaction.on_commit(lambda: queue_emails(queued))
    return created


def queue_emails(notice_ids: list[int]) -> None:
    """After the commit: queue the e-mails of these notices. When the queue cannot be reached
    they stay ``queued`` and ``retry_notice_emails`` sends them later."""
    from .tasks import send_notice_emails

    send_safely(
        lambda: send_notice_emails.delay(notice_ids),
        what=f"the e-mails of {len(notice_ids)} notice(s)",
    )


def accounts_at(units: Iterable[Unit | int], roles=UNIT_ROLES) -> QuerySet[User]:
    """The active accounts holding one of ``roles`` at these units (a unit or its id)."""
    ids = [u if isinstance(u, int) else u.pk for u in units]
    return (
        User.objects.filter(unit_id__in=ids, role__in=roles, is_active=True)
        .select_related(None)
        .only("id", "email", "is_active", "notify_by_email", "email_digest")
        .order_by("pk")
    )


# --- the inbox ---------------------------------------------------------------------------------


def inbox(user: User) -> QuerySet[Notice]:
    """``user``'s notices, newest first: a user sees only their own."""
    return Notice.objects.filter(recipient=user)


def unread_count(user: User) -> int:
    return Notice.objects.filter(recipient=user).unread().count()


def mark_read(user: User, notice: Notice) -> None:
    """``notice`` (the user's own: the view found it in ``inbox``) is read from now."""
    Notice.objects.filter(pk=notice.pk, recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def mark_all_read(user: User) -> int:
    """Every unread notice of ``user`` is read from now; how many were unread."""
    return inbox(user).unread().update(read_at=timezone.now())


# --- reminders ---------------------------------------------------------------------------------


def claim_reminders(
    units: Iterable[Unit],
    kind: DeadlineKind | str,
    deadline_id: int,
    deadline_at: datetime.datetime,
    days_before: int,
) -> list[Unit]:
    """The units of ``units`` not yet reminded of this deadline at this offset, now recorded as
    reminded, in tree order. Call it inside the transaction that writes their notices: a
    reminder is recorded if and only if it is told. Two runs at once cannot both claim a unit:
    the unique constraint makes the second insert wait for the first and fail; both take the
    units in the same order, so neither waits for the other in a circle."""
    claimed = []
    for unit in sorted(units, key=lambda u: u.path):
        try:
            with transaction.atomic():
                ReminderSent.objects.create(
                    unit=unit,
                    deadline_kind=kind,
                    deadline_id=deadline_id,
                    deadline_at=deadline_at,
                    days_before=days_before,
                )
        except IntegrityError:
            continue
        claimed.append(unit)
    return claimed


def days_left(deadline_at: datetime.datetime, now: datetime.datetime | None = None) -> int:
    """Whole days between today and the deadline's day, in the site's time zone."""
    now = now or timezone.now()
    return (timezone.localdate(deadline_at) - timezone.localdate(now)).days


def reminder_offset(
    deadline_at: datetime.datetime, offsets: Iterable[int], now: datetime.datetime | None = None
) -> int | None:
    """The offset whose reminder is due: the smallest of ``offsets`` not below the days left
    (a reminder missed on its day is sent the next run), ``None`` before the first offset or
    once the deadline has passed."""
    now = now or timezone.now()
    if deadline_at <= now:
        return None
    left = days_left(deadline_at, now)
    due = [days for days in offsets if days >= left]
    return min(due) if due else None


def site_administrators() -> QuerySet[User]:
    """Who answers for the site itself: the superusers and the admins of the top units."""
    return (
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(role=Role.ADMIN, unit__depth=1))
        .select_related(None)
        .only("id", "email", "is_active", "notify_by_email", "email_digest")
        .order_by("pk")
    )


def alert_site_administrators(subject: str, body: str) -> None:
    """``core.alerts``' way to reach the administrators: the inbox and, as each chose, e-mail."""
    with transaction.atomic():
        notify(site_administrators(), NoticeKind.OPERATIONS, subject, body)
