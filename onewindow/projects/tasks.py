from celery import shared_task

from . import city


@shared_task
def send_push(push_id: int) -> bool:
    return city.send(push_id)


@shared_task
def retry_pushes() -> int:
    return city.retry_pushes()
