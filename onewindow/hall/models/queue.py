"""取号叫号: tickets taken on site or booked for a slot, called at a window."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TicketStatus(models.TextChoices):
    WAITING = "waiting", _("等候中")
    CALLED = "called", _("已叫号")
    DONE = "done", _("已办结")
    NO_SHOW = "no_show", _("过号")


class TicketChannel(models.TextChoices):
    ON_SITE = "on_site", _("现场取号")
    BOOKED = "booked", _("网上预约")


class Ticket(models.Model):
    site = models.ForeignKey("org.ServiceSite", on_delete=models.PROTECT, related_name="+")
    zone_name = models.CharField(_("服务专区"), max_length=60)
    service_date = models.DateField(_("日期"))
    number = models.CharField(_("号码"), max_length=12)
    channel = models.CharField(_("取号方式"), max_length=10, choices=TicketChannel.choices)
    # The holder's ID number or phone as a blind index: a second ticket is refused, nothing
    # personal is kept in clear.
    holder_index = models.CharField(max_length=64, blank=True, default="")
    slot_start = models.DateTimeField(_("预约时段"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=TicketStatus.choices, default=TicketStatus.WAITING
    )
    taken_at = models.DateTimeField(_("取号时间"))
    window = models.ForeignKey(
        "org.Window", null=True, blank=True, on_delete=models.PROTECT, related_name="tickets"
    )
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    called_at = models.DateTimeField(_("叫号时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    recalls = models.PositiveSmallIntegerField(_("重呼次数"), default=0)

    class Meta:
        verbose_name = _("排队号")
        verbose_name_plural = _("排队号")
        ordering = ["service_date", "taken_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "service_date", "number"], name="hall_ticket_number_per_day"
            )
        ]
        indexes = [
            # Partial: only today's waiting and called tickets are in them (a few thousand
            # rows at most, against 2,000 a day of history); calling, the display's counts
            # and the numbers being called read them.
            models.Index(
                fields=["site", "service_date", "zone_name", "taken_at"],
                name="hall_ticket_waiting",
                condition=models.Q(status="waiting"),
            ),
            models.Index(
                fields=["site", "service_date", "called_at"],
                name="hall_ticket_calling",
                condition=models.Q(status="called"),
            ),
            models.Index(fields=["site", "service_date", "called_at"], name="hall_ticket_called"),
        ]

    def __str__(self):
        return self.number

    @property
    def waiting_seconds(self) -> int | None:
        if self.called_at is None:
            return None
        return int((self.called_at - self.taken_at).total_seconds())
