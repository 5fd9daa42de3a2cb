"""Notifications, sent by Celery after the transaction that caused them has committed."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import translation

from committees.models import Role, User
from config.celery import send_safely

#: pending notifications queued again per run of ``retry_pending_notifications``
RETRY_BATCH = 500


def queue_notification(event_id: int) -> None:
    """After the commit of a transition: queue its e-mail, or keep it for a later try when the
    queue cannot be reached. The transition itself is committed either way."""
    from .models import PendingNotification

    if not send_safely(
        lambda: notify_transition.delay(event_id),
        what=f"the notification of nomination event {event_id}",
    ):
        PendingNotification.objects.get_or_create(event_id=event_id)


@shared_task(name="nominations.retry_pending_notifications", ignore_result=True)
def retry_pending_notifications() -> int:
    """Queue again the notifications that could not be queued; returns how many were. Stops
    at the first that still cannot be: the next run goes on from there."""
    from .models import PendingNotification

    queued = 0
    for pending in PendingNotification.objects.order_by("pk")[:RETRY_BATCH]:
        if not send_safely(
            lambda p=pending: notify_transition.delay(p.event_id),
            what=f"the notification of nomination event {pending.event_id}",
        ):
            break
        pending.delete()
        queued += 1
    return queued


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def notify_transition(event_id: int) -> int:
    """E-mail the filer and the staff of the level the nomination now waits at.

    Returns the number of messages sent.
    """
    from .models import NominationEvent

    event = (
        NominationEvent.objects.select_related(
            "nomination__filed_by",
            "nomination__person",
            "nomination__collective",
            "nomination__campaign",
            "nomination__reviewing_unit",
            "actor",
        )
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return 0
    nomination = event.nomination
    recipients = set()
    if nomination.filed_by.email:
        recipients.add(nomination.filed_by.email)
    if nomination.reviewing_unit_id:
        recipients.update(
            User.objects.filter(
                unit_id=nomination.reviewing_unit_id, role=Role.STAFF, is_active=True
            )
            .exclude(email="")
            .values_list("email", flat=True)
        )
    if event.actor_id and event.actor.email:
        recipients.discard(event.actor.email)
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {"event": event, "nomination": nomination}
        subject = render_to_string("nominations/email/transition_subject.txt", context).strip()
        body = render_to_string("nominations/email/transition_body.txt", context)
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in sorted(recipients)]
    return send_mass_mail(messages, fail_silently=False)
