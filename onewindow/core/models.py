"""The shared kernel's only table: throttle counts kept while the cache is down."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ThrottleCount(models.Model):
    """One throttle window (``core.throttle``) counted in the database instead of the cache.

    Used only when the shared cache raises, so that the public forms keep counting (and
    refusing) through a cache outage. ``expires_at`` is in epoch seconds, compared in SQL.
    """

    bucket = models.CharField(max_length=200, primary_key=True)
    count = models.IntegerField(default=0)
    expires_at = models.BigIntegerField(db_index=True)

    class Meta:
        db_table = "core_throttlecount"  # named in core.throttle's upsert
        verbose_name = _("限流计数")
        verbose_name_plural = _("限流计数")

    def __str__(self):
        return f"{self.bucket}={self.count}"
