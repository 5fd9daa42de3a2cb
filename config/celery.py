"""Celery application.

With ``REDIS_URL`` set, tasks go to Redis and a worker runs them
(``celery -A config worker -l info``; the scheduler: ``celery -A config beat -l info``).
Without it, settings make every task run inline in the calling process.
"""

import logging
import os

from celery import Celery
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


#: what sending a task raises when Redis is down or unreachable: kombu's OperationalError
#: (the broker), redis-py's errors, the result backend's RuntimeError after its retries, and
#: OSError (a socket; inline, an SMTP server that refuses)
QUEUE_ERRORS = (KombuError, RedisError, RuntimeError, OSError)


def send_safely(send, *, what: str) -> bool:
    """Call ``send`` (a ``delay``/``apply_async``); False, logged, when the task could not be
    queued. Callers keep what they could not queue, so nothing is lost and the request that
    committed the change does not fail after its commit."""
    try:
        send()
    except QUEUE_ERRORS:
        logger.warning("Could not queue %s", what, exc_info=True)
        return False
    return True
