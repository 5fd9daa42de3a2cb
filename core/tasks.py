"""E-mails of the sign-in help, sent by the worker: the page that asked answers at once and in
the same time whether an e-mail goes out or not (an SMTP exchange would tell them apart)."""

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.utils.translation import gettext


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def send_password_reset_email(
    subject: str, body: str, from_email: str | None, to_email: str, html_body: str | None = None
) -> int:
    message = EmailMultiAlternatives(subject, body, from_email, [to_email])
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send()


@shared_task(name="core.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Sent by beat every minute: the worker that runs it shows ``/healthz/ready/`` it lives."""
    from .health import record_heartbeat

    record_heartbeat()


@shared_task(name="core.scheduled_backup", ignore_result=True)
def scheduled_backup() -> str:
    """Beat's daily backup; a failure is told to the administrators."""
    from .alerts import alert_admins
    from .scheduled_backups import run_scheduled_backup

    try:
        return str(run_scheduled_backup())
    except Exception as error:
        alert_admins(gettext("The scheduled backup failed"), f"{type(error).__name__}: {error}")
        raise


@shared_task(name="core.daily_verify_history", ignore_result=True)
def daily_verify_history() -> str:
    """Beat's daily check of the history chains; its output, with the head hashes, goes to the
    log (kept outside the database), and a broken chain is told to the administrators."""
    import io
    import logging

    from django.core.management import CommandError, call_command

    from .alerts import alert_admins

    report = io.StringIO()
    try:
        call_command("verify_history", stdout=report, stderr=report)
    except CommandError as error:
        alert_admins(gettext("The history does not verify"), f"{report.getvalue()}{error}")
        raise
    logging.getLogger("core.verify_history").warning("%s", report.getvalue().strip())
    return report.getvalue()
