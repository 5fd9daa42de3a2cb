"""The e-mails that waited for Redis (``PendingNotification``) become notices owing their
e-mail (``notifications.Notice``, ``delivery="queued"``), sent by ``retry_notice_emails``: the
same people as before (whoever filed and the staff of the level it waits at, not the actor, with
an address), then the table goes."""

from django.db import migrations
from django.utils import timezone


def to_notices(apps, schema_editor):
    PendingNotification = apps.get_model("nominations", "PendingNotification")
    Notice = apps.get_model("notifications", "Notice")
    User = apps.get_model("committees", "User")
    notices = []
    for pending in PendingNotification.objects.select_related(
        "event__nomination__person", "event__nomination__collective"
    ):
        event = pending.event
        nomination = event.nomination
        name = nomination.person.full_name if nomination.person_id else nomination.collective.name
        recipients = User.objects.filter(pk=nomination.filed_by_id)
        if nomination.reviewing_unit_id:
            recipients = recipients | User.objects.filter(
                unit_id=nomination.reviewing_unit_id, role="staff", is_active=True
            )
        for user in recipients.exclude(email="").exclude(pk=event.actor_id).distinct():
            notices.append(
                Notice(
                    recipient_id=user.pk,
                    kind="nomination_arrived" if event.to_state == "proposed" else (
                        f"nomination_{event.to_state}"
                        if event.to_state in ("returned", "rejected", "withdrawn")
                        else "nomination_decided"
                    ),
                    title=f"{name}: {event.get_to_state_display()}"[:300],
                    body=event.reason,
                    url=f"/ho-so/{nomination.public_id}/",
                    created_at=pending.failed_at or timezone.now(),
                    delivery="digest" if user.email_digest else "queued",
                )
            )
    Notice.objects.bulk_create(notices)


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0009_history_cannot_be_emptied"),
        ("notifications", "0001_notices_and_reminders"),
        ("committees", "0005_user_contact_and_account_flags"),
    ]

    operations = [
        migrations.RunPython(to_notices, migrations.RunPython.noop),
        migrations.DeleteModel(name="PendingNotification"),
    ]
