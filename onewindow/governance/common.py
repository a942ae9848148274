"""Small helpers the governance services share: checks of typed values, Chinese messages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core.errors import InvalidInput, PermissionDenied


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def money(value, field: str = "amount", *, label: str | None = None) -> Decimal:
    """A positive sum of yuan with at most two decimals; anything else is refused."""
    label = label or _("金额")
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise InvalidInput(_("%(label)s必须是数字") % {"label": label}, field=field) from None
    if not amount.is_finite():
        raise InvalidInput(_("%(label)s必须是数字") % {"label": label}, field=field)
    if amount <= 0:
        raise InvalidInput(_("%(label)s必须大于零") % {"label": label}, field=field)
    if amount != amount.quantize(Decimal("0.01")):
        raise InvalidInput(_("%(label)s最多保留两位小数") % {"label": label}, field=field)
    if amount >= Decimal("1e12"):
        raise InvalidInput(_("%(label)s过大") % {"label": label}, field=field)
    return amount


def text(value, field: str, label: str, max_length: int, *, required: bool = True) -> str:
    value = str(value or "").strip()
    if required and not value:
        raise InvalidInput(_("请填写%(label)s") % {"label": label}, field=field)
    if len(value) > max_length:
        raise InvalidInput(
            _("%(label)s不能超过 %(n)s 个字") % {"label": label, "n": max_length}, field=field
        )
    return value


def day(value, field: str, label: str, *, not_future: bool = False) -> date:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidInput(_("%(label)s格式不正确") % {"label": label}, field=field) from None
    if not isinstance(value, date):
        raise InvalidInput(_("请填写%(label)s") % {"label": label}, field=field)
    if not_future and value > timezone.localdate():
        raise InvalidInput(_("%(label)s不能晚于今天") % {"label": label}, field=field)
    return value


def count(value, field: str, label: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InvalidInput(_("%(label)s必须是整数") % {"label": label}, field=field) from None
    if number < 0:
        raise InvalidInput(_("%(label)s不能为负数") % {"label": label}, field=field)
    return number
