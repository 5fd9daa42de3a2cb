"""Beat's daily reminders of the nominations' deadlines."""

from celery import shared_task

from . import reminders


@shared_task(name="nominations.remind_deadlines", ignore_result=True)
def remind_deadlines() -> int:
    """Remind the units that have not filed or sent up yet; the number of units reminded."""
    return reminders.remind_due()
