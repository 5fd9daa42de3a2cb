"""Celery application.

With ``REDIS_URL`` set, tasks go to Redis and a worker runs them
(``celery -A config worker -l info``; the scheduler: ``celery -A config beat -l info``).
Without it, settings make every task run inline in the calling process.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
