"""An inbox message: what one user was told, when, about what, and whether it was read."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onewindow.core.pii.freetext import PersonalTextField

SUBJECT_MAX = 200
BODY_MAX = 4000


def _now():
    # Looked up at call time, so a clock patched for the demo's history applies.
    return timezone.now()


class InboxMessage(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("收信人"),
        on_delete=models.CASCADE,
        related_name="inbox_messages",
    )
    # Subject and body quote reasons staff wrote: personal data is masked and sealed.
    subject = PersonalTextField(_("标题"), max_length=SUBJECT_MAX, single_line=True)
    body = PersonalTextField(_("内容"), max_length=BODY_MAX, blank=True, default="")
    event = models.CharField(_("事件"), max_length=100, blank=True, default="")
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True, default="")
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True, default="")
    created_at = models.DateTimeField(_("发送时间"), default=_now)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内信")
        verbose_name_plural = _("站内信")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="inbox_recipient_newest"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="inbox_recipient_unread",
            ),
        ]

    def __str__(self):
        return str(self.subject)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
