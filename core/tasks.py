"""E-mails of the sign-in help, sent by the worker: the page that asked answers at once and in
the same time whether an e-mail goes out or not (an SMTP exchange would tell them apart)."""

from celery import shared_task
from django.core.mail import EmailMultiAlternatives


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
