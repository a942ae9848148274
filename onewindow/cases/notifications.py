"""What the applicant and the staff are told when a case moves: one table of messages.

``moves.move`` calls :func:`case_moved` after every workflow step; the table below says
which actions send what to whom (Chinese templates), so no service scatters notify
calls. :func:`case_moved` writes one outbox *intent* row (``core.notify.outbox.add_intent``)
in the transaction of the move; after the commit the worker (``deliver_notification``,
in-process when no broker is configured) expands it with :func:`compose`, which reads the
committed case and writes one message row per recipient, in one transaction with the
intent's "sent" mark. So a rolled-back move leaves nothing, and a committed one is told
exactly once even if the process dies right after the commit (decision 0043).

- The applicant is told of events: acceptance (with the promised date), refusal, the
  list of materials to supplement, 容缺 acceptance (the promise date), the decision
  (approved: the certificate is ready at the window or by post), posting, the end of a
  case for a broken promise, and the leader's extension of the statutory limit.
- Department staff (approvers of the department) are told when a task arrives.
- Deadline warnings are not events: the daily scan (deadlines.py) sends the staff one
  digest per department per day; the applicant is not told of warnings.

Bodies carry the item's name, the case number, dates and the reasons staff wrote; every
body and subject passes through ``mask_text``, so an ID number or phone typed into a
reason never leaves in full.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.constants import Role
from onewindow.core.notify import Recipient, notify, outbox
from onewindow.core.pii.masking import mask_text

from .constants import Decision, DeliveryMethod, TaskStatus

APPLICANT, DEPARTMENTS = "applicant", "departments"
INTENT = "cases.case_moved"


def _always(ctx: dict) -> bool:
    return True


def _approved(ctx: dict) -> bool:
    return ctx["decision"] == Decision.APPROVED


def _approved_on_paper(ctx: dict) -> bool:
    return _approved(ctx) and ctx["chosen_delivery"] != DeliveryMethod.ELECTRONIC


def _approved_electronically(ctx: dict) -> bool:
    return _approved(ctx) and ctx["chosen_delivery"] == DeliveryMethod.ELECTRONIC


def _refused(ctx: dict) -> bool:
    return ctx["decision"] == Decision.REFUSED


def _posted(ctx: dict) -> bool:
    return ctx["delivery_method"] == DeliveryMethod.POST


def _not_posted(ctx: dict) -> bool:
    return not _posted(ctx)


@dataclass(frozen=True)
class Message:
    audience: str  # APPLICANT or DEPARTMENTS (the approvers of the case's new tasks)
    event: str  # the notification's event code
    subject: object  # lazy Chinese text
    body: object  # lazy Chinese text with %(name)s placeholders from _context()
    when: Callable[[dict], bool] = _always


_APPROVED = Message(
    APPLICANT,
    "case.decided",
    _("准予许可通知"),
    _(
        "您申请的“%(item)s”（办件编号%(number)s）已作出准予许可决定。证照已制作完成，"
        "可凭办件编号到政务服务大厅窗口领取，或按您选择的方式邮寄送达。"
    ),
    _approved_on_paper,
)
# 电子送达: the decision and certificates come in a message of their own, to sign for.
_APPROVED_ELECTRONICALLY = Message(
    APPLICANT,
    "case.decided",
    _("准予许可通知"),
    _(
        "您申请的“%(item)s”（办件编号%(number)s）已作出准予许可决定。审批决定和证照已电子送达"
        "至您的站内信，请查看并签收。"
    ),
    _approved_electronically,
)

# action -> what is sent. Actions not listed send nothing.
MESSAGES: dict[str, tuple[Message, ...]] = {
    "request_correction": (
        Message(
            APPLICANT,
            "case.correction",
            _("退回补正通知"),
            _(
                "您申请的“%(item)s”（办件编号%(number)s）经部门审查需补正：%(reason)s。"
                "请在“我的办件”中补正后重新提交，补正期间不计入办理时限。"
            ),
        ),
    ),
    "accept": (
        Message(
            APPLICANT,
            "case.accepted",
            _("受理通知"),
            _("您申请的“%(item)s”（办件编号%(number)s）已受理，承诺于%(promised_due)s前办结。"),
        ),
    ),
    # 行政许可法 Art. 32: the applicant is told the application is accepted by law.
    "deem_accept": (
        Message(
            APPLICANT,
            "case.accepted",
            _("受理通知"),
            _(
                "您申请的“%(item)s”（办件编号%(number)s）依法视为受理，"
                "承诺于%(promised_due)s前办结。"
            ),
        ),
    ),
    "refuse": (
        Message(
            APPLICANT,
            "case.refused",
            _("不予受理通知"),
            _("您申请的“%(item)s”（办件编号%(number)s）不予受理。理由：%(reason)s。"),
        ),
    ),
    "notify_deficiency": (
        Message(
            APPLICANT,
            "case.deficient",
            _("补正材料通知"),
            _(
                "您申请的“%(item)s”（办件编号%(number)s）需补正以下材料：%(missing)s。"
                "%(remark)s请补齐后重新提交。"
            ),
        ),
    ),
    "accept_conditionally": (
        Message(
            APPLICANT,
            "case.conditionally_accepted",
            _("容缺受理通知"),
            _(
                "您申请的“%(item)s”（办件编号%(number)s）已容缺受理，请于%(promise_date)s前"
                "补齐：%(missing)s。逾期未补齐的，办件将终止。"
            ),
        ),
    ),
    "dispatch": (
        Message(
            DEPARTMENTS,
            "case.task_arrived",
            _("新的审查任务"),
            _(
                "新的审查任务：“%(item)s”（办件编号%(number)s），承诺办结日期%(promised_due)s，"
                "请及时审查。"
            ),
        ),
    ),
    "decide": (
        _APPROVED,
        _APPROVED_ELECTRONICALLY,
        Message(
            APPLICANT,
            "case.decided",
            _("不予许可通知"),
            _(
                "您申请的“%(item)s”（办件编号%(number)s）已作出不予许可决定。理由：%(reason)s。"
                "如不服，可依法申请行政复议或者提起行政诉讼。"
            ),
            _refused,
        ),
    ),
    # 秒批: decided on submission (H3's workflow row).
    "instant_approve": (_APPROVED, _APPROVED_ELECTRONICALLY),
    "expire_promise": (
        Message(
            APPLICANT,
            "case.terminated",
            _("办件终止通知"),
            _("您申请的“%(item)s”（办件编号%(number)s）未在承诺期限内补齐容缺材料，办件已终止。"),
        ),
    ),
    "conclude": (
        Message(
            APPLICANT,
            "case.posted",
            _("证照寄出通知"),
            _(
                "您申请的“%(item)s”（办件编号%(number)s）的审批结果已通过%(courier)s寄出，"
                "运单号%(tracking_number)s，请注意查收。"
            ),
            _posted,
        ),
        Message(
            APPLICANT,
            "case.concluded",
            _("办结通知"),
            _("您申请的“%(item)s”（办件编号%(number)s）已办结，感谢您的办理。"),
            _not_posted,
        ),
    ),
    # Not a workflow row: extension.extend calls case_moved itself.
    "extend": (
        Message(
            APPLICANT,
            "case.extended",
            _("延长审批期限通知"),
            _(
                "您申请的“%(item)s”（办件编号%(number)s）经本局负责人批准，审批期限延长"
                "%(days)s个工作日，法定期限届满日为%(statutory_due)s。理由：%(reason)s。"
            ),
        ),
    ),
}


def _item_name(case) -> str:
    for relation in ("item_version", "bundle", "industry"):
        if getattr(case, f"{relation}_id", None) is not None:
            return getattr(case, relation).name
    return ""


def _context(case, action: str, note: str, after: dict) -> dict:
    """Everything a template may name; dates as YYYY-MM-DD."""
    from .models import Case, Delivery

    dates = (
        Case.objects.filter(pk=case.pk)
        .values("promised_clock__due_date", "statutory_clock__due_date")
        .first()
    ) or {}
    delivery = Delivery.objects.filter(case_id=case.pk).first() if action == "conclude" else None
    missing = "、".join(str(i.get("name", "")) for i in after.get("missing") or [])
    remark = str(after.get("note") or "")
    return {
        "number": case.number,
        "item": _item_name(case),
        "note": note,
        "reason": str(after.get("reason") or note or "").rstrip("。. "),
        "missing": missing,
        "remark": str(_("说明：%(note)s。")) % {"note": remark} if remark else "",
        "promise_date": str(after.get("promise_date") or ""),
        "promised_due": _iso(dates.get("promised_clock__due_date")),
        "statutory_due": _iso(dates.get("statutory_clock__due_date")),
        "decision": case.decision,
        "chosen_delivery": case.delivery_method,
        "delivery_method": delivery.method if delivery is not None else "",
        "courier": (delivery.courier if delivery is not None else "") or str(_("邮政")),
        "tracking_number": (delivery.tracking_number if delivery is not None else "") or "-",
        "days": after.get("days", ""),
    }


def _iso(value) -> str:
    return value.isoformat() if value is not None else "-"


def _render(message: Message, ctx: dict) -> tuple[str, str]:
    return mask_text(str(message.subject)), mask_text(str(message.body) % ctx)


def case_moved(case, action: str, *, note: str = "", after: dict | None = None) -> bool:
    """Record, in the move's transaction, that ``case`` moved by ``action``.

    The messages themselves are composed after the commit, from the committed case:
    acceptance has started the clocks by then (the promised date is known) and dispatch has
    created the tasks (the departments are known), both later in the same transaction than
    this call. What is written now is the outbox intent row that the worker expands with
    :func:`compose`; it commits or rolls back with the move. Returns whether anything was
    scheduled.
    """
    if not MESSAGES.get(action):
        return False
    # JSON now (dates as ISO strings, as the templates print them).
    after = json.loads(json.dumps(dict(after or {}), cls=DjangoJSONEncoder))
    outbox.add_intent(
        INTENT,
        {"case_pk": case.pk, "action": action, "note": note or "", "after": after},
        event=f"case.moved.{action}",
    )
    return True


def compose(case_pk: int, action: str, note: str, after: dict) -> int:
    """Write the messages the table lists for ``action`` (the outbox expands the intent)."""
    from .models import Case, DepartmentTask

    case = (
        Case.objects.select_related("item_version", "bundle", "industry").filter(pk=case_pk).first()
    )
    if case is None or not MESSAGES.get(action):
        return 0
    # Applicants and staff read Chinese, whatever language the acting clerk's page is in.
    with translation.override(settings.LANGUAGE_CODE):
        ctx = _context(case, action, note, after)
        chosen = [(m, *_render(m, ctx)) for m in MESSAGES[action] if m.when(ctx)]
    sent = 0
    for message, subject, body in chosen:
        if message.audience == APPLICANT:
            recipients = [case.applicant_id]
        else:  # DEPARTMENTS: the approvers of the departments with a new task
            departments = DepartmentTask.objects.filter(
                case_id=case.pk, status=TaskStatus.PENDING
            ).values_list("department_id", flat=True)
            recipients = department_staff(departments)
        for user_id in recipients:
            notify(
                Recipient(user_id=user_id),
                subject=subject,
                body=body,
                event=message.event,
                obj=case,
            )
            sent += 1
    return sent


outbox.register_expander(INTENT, compose)


def department_staff(department_ids) -> list[int]:
    """Ids of the active approvers of these departments (who review their tasks)."""
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(
            department_id__in=department_ids, is_active=True, role_grants__role=Role.APPROVER
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )


def users_with_role(role: str) -> list[int]:
    """Ids of the active users holding ``role``."""
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(is_active=True, role_grants__role=role)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )
