"""The one-time code e-mail, sent after the challenge has committed."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def send_vote_code(address: str, code: str, vote_id: int) -> int:
    """The address and the code live only in this message: neither is stored in clear."""
    from .models import PublicVote
    from .services import code_lifetime

    vote = PublicVote.objects.filter(pk=vote_id).first()
    if vote is None:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "vote": vote,
            "code": code,
            "minutes": int(code_lifetime().total_seconds() // 60),
        }
        subject = render_to_string("public_votes/email/code_subject.txt", context).strip()
        body = render_to_string("public_votes/email/code_body.txt", context)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)
