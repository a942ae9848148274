"""OneWindow (一窗通): the district Administrative Approval Services Bureau's platform."""

from .celery import app as celery_app

__all__ = ("celery_app",)
