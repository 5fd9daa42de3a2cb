"""The invitation e-mail of a new account, sent by Celery after the account has committed."""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=5, retry_backoff=True)
def send_invitation(self, account_id: int, base_url: str) -> int:
    """The set-password link is made here, from the account as it is now: no token travels
    through the queue, and a link made after the holder chose a password is never sent."""
    from committees.models import User

    from .services import set_password_path

    account = User.objects.filter(pk=account_id, is_active=True).exclude(email="").first()
    if account is None or not account.must_change_password:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "account": account,
            "link": base_url.rstrip("/") + set_password_path(account),
            "site": base_url,
        }
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/email/invitation_body.txt", context)
    try:
        return send_mail(
            subject, body, settings.DEFAULT_FROM_EMAIL, [account.email], fail_silently=False
        )
    except (OSError, smtplib.SMTPException) as exc:
        # Mail down: a worker tries again later; inline (no queue) the account stays created
        # and its sheet still carries the link.
        if self.request.is_eager:
            logger.warning("Could not send the invitation of account %s", account_id, exc_info=True)
            return 0
        raise self.retry(exc=exc) from None
