"""The e-mails of the notices, sent by Celery: one per notice, or one a day per user (the
digest). A notice owes its e-mail until a message has left: a sender first claims the notices it
sends (so two senders never send one twice), and gives them back when the mail server refuses;
``retry_notice_emails`` (beat, every few minutes) sends what is still owed."""

from __future__ import annotations

import datetime
import logging
import smtplib
import uuid
from collections import defaultdict

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Delivery, Notice

logger = logging.getLogger(__name__)

#: a claim older than this is a sender that died: its notices are sent by the next one
CLAIM_EXPIRES = datetime.timedelta(minutes=10)
#: notices sent per run of ``retry_notice_emails``
RETRY_BATCH = 500
#: a notice younger than this is left to the task queued after its commit
RETRY_AFTER = datetime.timedelta(minutes=1)
#: what a mail server that is down or refuses raises
MAIL_ERRORS = (smtplib.SMTPException, OSError)


def _claim(notices) -> tuple[uuid.UUID, list[Notice]]:
    """Take the notices of ``notices`` (a queryset) that owe an e-mail and nobody is sending."""
    now = timezone.now()
    token = uuid.uuid4()
    notices.filter(delivery__in=(Delivery.QUEUED, Delivery.DIGEST)).filter(
        Q(claim__isnull=True) | Q(claimed_at__lt=now - CLAIM_EXPIRES)
    ).update(claim=token, claimed_at=now)
    claimed = list(
        Notice.objects.filter(claim=token)
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "id")
    )
    return token, claimed


def _sent(ids: list[int]) -> None:
    Notice.objects.filter(pk__in=ids).update(
        delivery=Delivery.SENT, emailed_at=timezone.now(), claim=None, claimed_at=None
    )


def _inbox_only(ids: list[int]) -> None:
    """The recipient has no address any more: nothing to send."""
    Notice.objects.filter(pk__in=ids).update(delivery=Delivery.INBOX, claim=None, claimed_at=None)


def _given_back(token: uuid.UUID) -> None:
    Notice.objects.filter(claim=token).update(claim=None, claimed_at=None)


def link(notice: Notice) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{notice.url}" if notice.url else ""


def _send(messages: list[tuple[EmailMessage, list[int]]], token: uuid.UUID) -> int:
    """Send each message; the notices of those that left are sent, the others given back."""
    sent = 0
    try:
        with get_connection() as connection:
            for message, ids in messages:
                message.connection = connection
                message.send()
                _sent(ids)
                sent += 1
    except MAIL_ERRORS:
        logger.warning("The mail server refused; %d message(s) wait", len(messages) - sent)
    finally:
        _given_back(token)
    return sent


def _message(subject: str, body: str, user) -> EmailMessage:
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@shared_task(name="notifications.send_notice_emails", ignore_result=True)
def send_notice_emails(notice_ids: list[int] | None = None) -> int:
    """E-mail each notice of ``notice_ids`` (all that are owed and old enough when ``None``)
    that still waits for its own e-mail; the number of messages sent."""
    notices = Notice.objects.filter(delivery=Delivery.QUEUED)
    if notice_ids is not None:
        notices = notices.filter(pk__in=notice_ids)
    else:
        old = timezone.now() - RETRY_AFTER
        ids = notices.filter(created_at__lt=old).order_by("id").values_list("id", flat=True)
        notices = Notice.objects.filter(pk__in=list(ids[:RETRY_BATCH]))
    token, claimed = _claim(notices)
    if not claimed:
        return 0
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for notice in claimed:
            user = notice.recipient
            if not user.email:  # the address was removed since
                _inbox_only([notice.pk])
                continue
            body = render_to_string(
                "notifications/email/notice_body.txt",
                {"notice": notice, "link": link(notice), "user": user},
            )
            subject = _("[Commendations] %(title)s") % {"title": notice.title}
            messages.append((_message(subject, body, user), [notice.pk]))
    return _send(messages, token)


@shared_task(name="notifications.retry_notice_emails", ignore_result=True)
def retry_notice_emails() -> int:
    """Send the e-mails still owed: those whose queueing failed (Redis down) or whose sending
    failed (the mail server down). Beat runs it every few minutes."""
    return send_notice_emails(None)


@shared_task(name="notifications.send_daily_digests", ignore_result=True)
def send_daily_digests() -> int:
    """One e-mail per user who asked for a digest, listing the notices since the last one;
    the number of messages sent. Beat runs it once a day."""
    token, claimed = _claim(Notice.objects.filter(delivery=Delivery.DIGEST))
    if not claimed:
        return 0
    by_user = defaultdict(list)
    for notice in claimed:
        by_user[notice.recipient].append(notice)
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for user, notices in by_user.items():
            ids = [n.pk for n in notices]
            if not user.email:
                _inbox_only(ids)
                continue
            context = {
                "notices": [(n, link(n)) for n in notices],
                "user": user,
                "inbox": f"{settings.SITE_URL.rstrip('/')}{reverse('notifications:inbox')}",
            }
            subject = render_to_string("notifications/email/digest_subject.txt", context).strip()
            body = render_to_string("notifications/email/digest_body.txt", context)
            messages.append((_message(subject, body, user), ids))
    return _send(messages, token)
