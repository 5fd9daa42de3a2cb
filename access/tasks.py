from celery import shared_task


@shared_task(name="access.remove_expired_reads", ignore_result=True)
def remove_expired_reads() -> int:
    from .services import remove_expired

    return remove_expired()
