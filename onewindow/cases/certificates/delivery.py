"""送达: the window hands the decision and certificates over, or posts them; the case ends.

``deliver`` records the Delivery, stops the delivery clock (started at the decision,
``CASES_DELIVERY_DAYS`` working days) and concludes the case through
``services.conclude``, all in one transaction: a refused input or a second clerk
delivering at the same moment leaves nothing written.
"""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core.audit import record
from onewindow.core.errors import Conflict, InvalidInput

from .. import moves, services, workflow
from ..constants import DeliveryMethod
from ..models import Case, Delivery

RECIPIENT_MAX = 100
ADDRESS_MAX = 300
COURIER_MAX = 50
TRACKING_MAX = 50
TRACKING_RE = re.compile(r"[A-Za-z0-9-]{6,50}")


def _text(value, field: str, max_length: int, *, required: str = "") -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(_("输入格式不正确"), field=field)
    value = value.strip()
    if "\x00" in value:
        raise InvalidInput(_("输入格式不正确"), field=field)
    if required and not value:
        raise InvalidInput(required, field=field)
    if len(value) > max_length:
        raise InvalidInput(_("不能超过%(n)s个字") % {"n": max_length}, field=field)
    return value


@transaction.atomic
def deliver(
    user,
    case,
    *,
    method,
    recipient="",
    address="",
    courier="",
    tracking_number="",
    request=None,
) -> Case:
    """Record how the decision reached the applicant and conclude the case (window clerks).

    ``window``: picked up at the window by ``recipient`` (a name). ``post``: sent to
    ``address`` by ``courier`` with ``tracking_number``; the recipient defaults to the
    applicant's name.
    """
    case = moves.load_case(case)
    workflow.check(case, "conclude", user)  # the state (409), then the actor (403)
    if Delivery.objects.filter(case=case, method=DeliveryMethod.ELECTRONIC).exists():
        raise Conflict(_("该办件为电子送达，由申请人在站内信签收，无需窗口登记送达"))
    if method not in (DeliveryMethod.WINDOW, DeliveryMethod.POST):
        raise InvalidInput(_("请选择送达方式"), field="method")
    if method == DeliveryMethod.WINDOW:
        recipient = _text(recipient, "recipient", RECIPIENT_MAX, required=_("请填写领取人姓名"))
        address = courier = tracking_number = ""
    else:
        recipient = _text(recipient, "recipient", RECIPIENT_MAX) or case.applicant.display_name
        address = _text(address, "address", ADDRESS_MAX, required=_("请填写邮寄地址"))
        courier = _text(courier, "courier", COURIER_MAX, required=_("请填写寄递企业"))
        tracking_number = _text(
            tracking_number, "tracking_number", TRACKING_MAX, required=_("请填写运单号")
        )
        if not TRACKING_RE.fullmatch(tracking_number):
            raise InvalidInput(_("运单号应为6至50位字母、数字或短横线"), field="tracking_number")
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(
                case=case,
                method=method,
                recipient=recipient[:RECIPIENT_MAX],
                address=address,
                courier=courier,
                tracking_number=tracking_number,
                delivered_at=timezone.now(),
                recorded_by=user,
            )
    except IntegrityError:
        raise Conflict(_("该办件已登记送达，请刷新后重试")) from None
    if method == DeliveryMethod.WINDOW:
        note = _("窗口领取，领取人：%(name)s") % {"name": recipient}
    else:
        note = _("邮寄送达，%(courier)s 运单号：%(number)s") % {
            "courier": courier,
            "number": tracking_number,
        }
    record(
        "case.deliver",
        actor=user,
        obj=delivery,
        after={
            "case": case.number,
            "method": method,
            "recipient": recipient,
            "courier": courier,
            "tracking_number": tracking_number,
        },
        request=request,
        summary=_("送达 %(number)s") % {"number": case.number},
    )
    # The applicant is told by the notifications table (conclude), with courier and number;
    # conclude also stops the delivery clock.
    return services.conclude(user, case, note=note, request=request)
