"""Beat's daily announcements and reminders of the reports asked of the units."""

from celery import shared_task

from . import reminders


@shared_task(name="reports.remind_deadlines", ignore_result=True)
def remind_deadlines() -> int:
    """Tell the units of the reports asked of them, and remind those that have not reported."""
    return reminders.remind_due()
