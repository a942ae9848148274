"""The shared kernel's tables: throttle counts kept while the cache is down, the notification
outbox, and the first answers to idempotent requests."""

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


class OutboxMessage(models.Model):
    """A notification to deliver, written in the transaction of the change it reports.

    ``core.notify.notify`` adds the row; after the commit the row's id is handed to Celery
    (``deliver_notification``). A broker that is down only delays it: the sweep
    (``core.dispatch_outbox``, from beat) hands over every row not yet sent. A worker
    claims a row with a conditional UPDATE before it sends, so a row handed over twice is
    sent once. The payload is sealed (SM4-GCM): it names the recipient.
    """

    event = models.CharField(max_length=100)
    payload_sealed = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    # Backends that have delivered it: a retry after a partial failure sends only the rest.
    delivered = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("待发通知")
        verbose_name_plural = _("待发通知")

    def __str__(self):
        return f"{self.event} #{self.pk}"


class IdempotentRequest(models.Model):
    """The first answer to a POST sent with an ``Idempotency-Key`` (core/idempotency.py).

    Written in the same transaction as what the request created, so a request that was cut
    off (a node killed) left neither, and its retry creates it once. ``scope`` is a digest
    of the path and the caller's credential, ``request_digest`` one of the body: the same
    key with another body is refused. The answer's body is sealed (it may name a person).
    """

    scope = models.CharField(max_length=64)
    key = models.CharField(max_length=128)
    request_digest = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    content_type = models.CharField(max_length=100, blank=True, default="")
    body_sealed = models.BinaryField(blank=True, default=b"")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="core_idempotent_scope_key")
        ]
        verbose_name = _("幂等请求")
        verbose_name_plural = _("幂等请求")

    def __str__(self):
        return f"{self.key} → {self.status_code}"
