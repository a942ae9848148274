"""电子送达: the decision and certificates go to the holder's 站内信; the holder's receipt
(送达回执) is the delivery, and stops the delivery clock (decision 0034).

- :func:`send_if_chosen` runs in the decision's transaction (``services.after_approval``,
  after the certificates are issued): for a case whose applicant chose 电子送达 it records
  a Delivery waiting for its receipt (``sent_at``), writes the timeline and puts one
  message in the holder's inbox that links to the delivery page.
- :func:`pending_for_holder` reads what the holder may open: the case's applicant only (an
  enterprise for a 法人 item); anyone else gets NotFound, as for a guessed number.
- :func:`confirm_receipt`: the holder opens the documents and signs for them: who, when,
  from which address. The case is concluded (办结) and the delivery clock stops, in one
  transaction; a second receipt is a Conflict.

The holder is the case's applicant: a 法人 item is applied for by the enterprise's
account, or for it at the window or by an agent, with the enterprise as the applicant.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core.client_address import client_ip
from onewindow.core.errors import Conflict, NotFound
from onewindow.core.notify import notify

from .. import moves, workflow
from ..constants import CaseStatus, CertificateStatus, Decision, DeliveryMethod
from ..models import Case, Certificate, Delivery

EVENT = "case.e_delivery"


def _item_name(case: Case) -> str:
    for relation in ("item_version", "bundle", "industry"):
        if getattr(case, f"{relation}_id", None) is not None:
            return getattr(case, relation).name
    return ""


def send_if_chosen(case) -> Delivery | None:
    """After an approval: deliver into the holder's inbox when 电子送达 was chosen."""
    case = (
        Case.objects.select_related("applicant", "item_version", "bundle", "industry")
        .filter(pk=case.pk)
        .first()
    )
    if (
        case is None
        or case.delivery_method != DeliveryMethod.ELECTRONIC
        or case.decision != Decision.APPROVED
        or Delivery.objects.filter(case=case).exists()
    ):
        return None
    holder = case.applicant
    now = timezone.now()
    delivery = Delivery.objects.create(
        case=case,
        method=DeliveryMethod.ELECTRONIC,
        recipient=(holder.display_name or str(holder))[:100],
        sent_at=now,
    )
    titles = "、".join(case.certificates.order_by("pk").values_list("title", flat=True)) or _(
        "审批决定"
    )
    moves.event(
        case,
        "e_delivery_send",
        note=_("审批决定和证照（%(titles)s）已电子送达至%(holder)s的站内信，待签收")
        % {"titles": titles, "holder": delivery.recipient},
    )
    moves.audit(
        case,
        "e_delivery_send",
        obj=delivery,
        after={"case": case.number, "method": DeliveryMethod.ELECTRONIC, "to": holder.pk},
    )
    notify(
        holder,
        subject=_("电子送达：%(item)s审批决定和证照") % {"item": _item_name(case)},
        body=_(
            "您申请的“%(item)s”（办件编号%(number)s）已作出准予许可决定，审批决定和证照"
            "（%(titles)s）依您的选择以电子方式送达。请打开本消息的链接查看并签收，"
            "签收时间即为送达时间。"
        )
        % {"item": _item_name(case), "number": case.number, "titles": titles},
        event=EVENT,
        obj=delivery,
    )
    return delivery


@dataclass
class Pending:
    case: Case
    delivery: Delivery
    certificates: list


def _delivery(number) -> Delivery | None:
    number = str(number)
    if "\x00" in number or len(number) > 32:
        return None
    return (
        Delivery.objects.select_related(
            "case", "case__applicant", "case__item_version", "case__bundle", "case__industry"
        )
        .filter(case__number=number, method=DeliveryMethod.ELECTRONIC, sent_at__isnull=False)
        .first()
    )


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def pending_for_holder(user, number) -> Pending:
    """The e-delivery of case ``number`` for its holder; NotFound for everyone else."""
    delivery = _delivery(number)
    if delivery is None or not _signed_in(user) or delivery.case.applicant_id != user.pk:
        raise NotFound(_("未找到该送达文书"))
    certificates = list(
        Certificate.objects.filter(case=delivery.case, status=CertificateStatus.VALID).order_by(
            "pk"
        )
    )
    return Pending(case=delivery.case, delivery=delivery, certificates=certificates)


def delivery_of(case) -> Delivery | None:
    return Delivery.objects.filter(case=case).select_related("recorded_by").first()


@transaction.atomic
def confirm_receipt(user, number, *, request=None) -> Delivery:
    """送达回执: the holder signs for the documents; the case ends and the clock stops."""
    pending = pending_for_holder(user, number)
    delivery, case = pending.delivery, moves.load_case(pending.case.pk)
    if delivery.delivered_at is not None or case.status != CaseStatus.DECIDED:
        raise Conflict(_("该文书已签收"))
    row = workflow.check(case, "e_delivery_receipt", user)
    now = timezone.now()
    address = client_ip(request) if request is not None else None
    signed = Delivery.objects.filter(pk=delivery.pk, delivered_at__isnull=True).update(
        delivered_at=now, recorded_by=user, receipt_ip=address
    )
    if not signed:
        raise Conflict(_("该文书已签收"))
    note = _("电子送达签收：%(who)s，%(when)s，来自 %(where)s") % {
        "who": user.display_name or user.get_username(),
        "when": timezone.localtime(now).strftime("%Y-%m-%d %H:%M:%S"),
        "where": address or _("未知地址"),
    }
    moves.move(
        case,
        row,
        actor=user,
        fields={"concluded_at": now},
        note=note,
        after={"delivered_at": now.isoformat(), "receipt_ip": address or ""},
        request=request,
    )
    moves.stop_delivery_clock(case)
    delivery.refresh_from_db()
    return delivery
