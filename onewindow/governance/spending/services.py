"""Expenditure requests, contracts and payments, internal-audit samples.

- The chain 经办 → 股室负责人 → 分管领导 → 主要领导; nobody signs their own request or two
  steps of one request. A sum at or above GOVERNANCE_MEETING_THRESHOLD (10,000 yuan) is
  approved by the principal leader only with a passed decision of a finalised 党组会议
  (so one with its 第一议题 and quorum), whose item was filed with the discipline group
  before the meeting.
- A payment beyond the contract sum, beyond its milestone's sum, or for a milestone not
  yet accepted is refused.
"""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core.audit import record
from onewindow.core.errors import Conflict, InvalidInput

from .. import permissions
from ..common import day, money, require, text
from ..constants import (
    CHAIN,
    ExpenditureStatus,
    MeetingKind,
    MeetingStatus,
    Outcome,
    audit_sample_share,
    expenditure_threshold,
)
from ..models import (
    AgendaItem,
    AuditSample,
    AuditSampleItem,
    Contract,
    Expenditure,
    ExpenditureSignature,
    Milestone,
    Payment,
)

ZERO = Decimal("0")


def _number(filed_on: date) -> str:
    prefix = f"ZC{filed_on:%Y}-"
    last = (
        Expenditure.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    n = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{n:05d}"


@transaction.atomic
def file_expenditure(actor, *, purpose, amount, is_asset_purchase=False, request=None):
    """经办: a staff member files a request for their own division."""
    require(permissions.files_expenditures(actor), _("您不能提交支出申请"))
    if actor.department_id is None:
        raise InvalidInput(_("您未分配股室，不能提交支出申请"))
    purpose = text(purpose, "purpose", _("支出事由"), 500)
    amount = money(amount)
    today = timezone.localdate()
    expenditure = Expenditure.objects.create(
        number=_number(today),
        purpose=purpose,
        amount=amount,
        department_id=actor.department_id,
        filed_by=actor,
        filed_on=today,
        is_asset_purchase=bool(is_asset_purchase),
    )
    record(
        "governance.expenditure_file",
        actor=actor,
        obj=expenditure,
        after={"number": expenditure.number, "amount": amount, "purpose": purpose},
        request=request,
    )
    return expenditure


def needs_meeting(expenditure) -> bool:
    return expenditure.amount >= expenditure_threshold()


def meeting_decision(expenditure) -> AgendaItem | None:
    """The passed, filed-beforehand decision of a finalised 党组会议 on this expenditure."""
    for item in (
        AgendaItem.objects.filter(
            expenditure=expenditure,
            outcome=Outcome.PASSED,
            meeting__kind=MeetingKind.PARTY_GROUP,
            meeting__status=MeetingStatus.FINAL,
            filed_on__isnull=False,
        )
        .select_related("meeting")
        .order_by("meeting__held_on")
    ):
        if item.filed_on < item.meeting.held_on:
            return item
    return None


def _may_sign(actor, expenditure) -> bool:
    role = CHAIN[expenditure.status][0]
    if role == "division_head":
        return (
            permissions.is_division_head(actor) and actor.department_id == expenditure.department_id
        )
    if role == "deputy":
        return permissions.is_deputy(actor)
    return permissions.is_principal(actor)


def may_sign(actor, expenditure) -> bool:
    if expenditure.status not in CHAIN or actor.pk == expenditure.filed_by_id:
        return False
    if expenditure.signatures.filter(signer=actor).exists():
        return False
    return _may_sign(actor, expenditure)


@transaction.atomic
def sign(actor, expenditure, *, approve=True, note="", request=None) -> Expenditure:
    """Sign the step the request waits at (or send it back with a note)."""
    expenditure = Expenditure.objects.select_for_update().get(pk=expenditure.pk)
    status = expenditure.status
    if status not in CHAIN:
        raise Conflict(_("该申请已办结"))
    step_labels = {
        "division_head": _("股室负责人"),
        "deputy": _("分管领导"),
        "principal": _("主要领导"),
    }
    role = CHAIN[status][0]
    require(
        _may_sign(actor, expenditure),
        _("本环节应由%(who)s审核") % {"who": step_labels[role]},
    )
    if actor.pk == expenditure.filed_by_id:
        raise InvalidInput(_("经办人不能审批本人提交的申请"))
    if expenditure.signatures.filter(signer=actor).exists():
        raise InvalidInput(_("同一人不能在同一申请中签署两个环节"))
    note = text(note, "note", _("意见"), 500, required=not approve)
    decision = None
    if approve and CHAIN[status][1] == ExpenditureStatus.APPROVED and needs_meeting(expenditure):
        decision = meeting_decision(expenditure)
        if decision is None:
            raise InvalidInput(
                _(
                    "金额 %(amount)s 元达到 %(limit)s 元，须经党组会议集体研究决定（会前向派驻纪检"
                    "监察组报备、会议有“第一议题”且人数符合规定）后才能批准"
                )
                % {"amount": expenditure.amount, "limit": expenditure_threshold()}
            )
    target = CHAIN[status][1] if approve else ExpenditureStatus.REJECTED
    fields = {"status": target}
    if target == ExpenditureStatus.APPROVED:
        fields["approved_on"] = timezone.localdate()
    if not Expenditure.objects.filter(pk=expenditure.pk, status=status).update(**fields):
        raise Conflict()
    ExpenditureSignature.objects.create(
        expenditure=expenditure, step=status, signer=actor, approved=approve, note=note
    )
    expenditure.refresh_from_db()
    record(
        "governance.expenditure_sign",
        actor=actor,
        obj=expenditure,
        before={"status": status},
        after={
            "status": target,
            "note": note,
            "meeting_item": decision.pk if decision else None,
        },
        request=request,
    )
    return expenditure


# -- contracts ---------------------------------------------------------------------------


@transaction.atomic
def create_contract(
    actor,
    *,
    number,
    title,
    counterparty_name,
    amount,
    starts_on,
    ends_on,
    obligations="",
    expenditure=None,
    milestones=(),
    request=None,
):
    """A contract with its milestones [(title, due_on, amount)]; their sum ≤ the contract's."""
    require(permissions.manages_contracts(actor), _("只有办公室可以登记合同"))
    number = text(number, "number", _("合同编号"), 40)
    title = text(title, "title", _("合同名称"), 200)
    counterparty_name = text(counterparty_name, "counterparty_name", _("相对方"), 200)
    amount = money(amount, label=_("合同金额"))
    starts_on = day(starts_on, "starts_on", _("起始日期"))
    ends_on = day(ends_on, "ends_on", _("终止日期"))
    if ends_on < starts_on:
        raise InvalidInput(_("终止日期不能早于起始日期"), field="ends_on")
    if Contract.objects.filter(number=number).exists():
        raise InvalidInput(_("合同编号已存在"), field="number")
    rows = []
    for order, (m_title, due, m_amount) in enumerate(milestones, start=1):
        rows.append(
            Milestone(
                order=order,
                title=text(m_title, "milestones", _("履约节点"), 200),
                due_on=day(due, "milestones", _("约定日期")),
                amount=money(m_amount, "milestones", label=_("节点金额")),
            )
        )
    if sum((r.amount for r in rows), ZERO) > amount:
        raise InvalidInput(_("各履约节点金额之和超过合同金额"), field="milestones")
    contract = Contract.objects.create(
        number=number,
        title=title,
        counterparty_name=counterparty_name,
        amount=amount,
        starts_on=starts_on,
        ends_on=ends_on,
        obligations=text(obligations, "obligations", _("主要义务"), 3000, required=False),
        expenditure=expenditure,
        created_by=actor,
    )
    for row in rows:
        row.contract = contract
    Milestone.objects.bulk_create(rows)
    record(
        "governance.contract_create",
        actor=actor,
        obj=contract,
        after={"number": number, "amount": amount, "milestones": len(rows)},
        request=request,
    )
    return contract


@transaction.atomic
def accept_milestone(actor, milestone, *, accepted_on=None, request=None) -> Milestone:
    require(permissions.manages_contracts(actor), _("只有办公室可以验收履约节点"))
    accepted_on = day(
        accepted_on or timezone.localdate(), "accepted_on", _("验收日期"), not_future=True
    )
    if not Milestone.objects.filter(pk=milestone.pk, accepted_on__isnull=True).update(
        accepted_on=accepted_on, accepted_by=actor
    ):
        raise Conflict(_("该履约节点已验收"))
    milestone.refresh_from_db()
    record(
        "governance.milestone_accept",
        actor=actor,
        obj=milestone,
        after={"accepted_on": accepted_on},
        request=request,
    )
    return milestone


def paid(contract) -> Decimal:
    return contract.payments.aggregate(s=Sum("amount"))["s"] or ZERO


@transaction.atomic
def pay(actor, milestone, *, amount, paid_on=None, request=None) -> Payment:
    require(permissions.manages_contracts(actor), _("只有办公室可以登记付款"))
    amount = money(amount, label=_("支付金额"))
    paid_on = day(paid_on or timezone.localdate(), "paid_on", _("支付日期"), not_future=True)
    contract = Contract.objects.select_for_update().get(pk=milestone.contract_id)
    milestone = Milestone.objects.get(pk=milestone.pk)
    if milestone.accepted_on is None:
        raise InvalidInput(
            _("履约节点“%(m)s”尚未验收，不能付款") % {"m": milestone.title}, field="amount"
        )
    already = paid(contract)
    if already + amount > contract.amount:
        raise InvalidInput(
            _("付款后累计 %(total)s 元，超过合同金额 %(sum)s 元，不能付款")
            % {"total": already + amount, "sum": contract.amount},
            field="amount",
        )
    on_milestone = milestone.payments.aggregate(s=Sum("amount"))["s"] or ZERO
    if on_milestone + amount > milestone.amount:
        raise InvalidInput(
            _("付款超过该履约节点应付金额 %(sum)s 元") % {"sum": milestone.amount},
            field="amount",
        )
    payment = Payment.objects.create(
        contract=contract, milestone=milestone, amount=amount, paid_on=paid_on, recorded_by=actor
    )
    record(
        "governance.payment",
        actor=actor,
        obj=contract,
        after={"milestone": milestone.pk, "amount": amount, "paid_total": already + amount},
        request=request,
    )
    return payment


# -- internal audit ---------------------------------------------------------------------------


def quarter_range(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * (quarter - 1) + 1, 1)
    end = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return start, end


@transaction.atomic
def draw_sample(actor, *, year, quarter, request=None) -> AuditSample:
    """A random sample (GOVERNANCE_AUDIT_SAMPLE_SHARE, at least 5) of the quarter's
    approved expenditures, drawn with the system's secure random source."""
    require(
        permissions.is_discipline(actor) or permissions.manages_contracts(actor),
        _("只有办公室或派驻纪检监察人员可以抽取内部审计样本"),
    )
    try:
        year, quarter = int(year), int(quarter)
    except (TypeError, ValueError):
        raise InvalidInput(_("请选择年度和季度")) from None
    if quarter not in (1, 2, 3, 4) or not 2000 <= year <= 2100:
        raise InvalidInput(_("请选择年度和季度"))
    start, end = quarter_range(year, quarter)
    if start > timezone.localdate():
        raise InvalidInput(_("该季度尚未开始"))
    if AuditSample.objects.filter(year=year, quarter=quarter).exists():
        raise Conflict(_("该季度已抽取样本"))
    population = list(
        Expenditure.objects.filter(
            status=ExpenditureStatus.APPROVED, approved_on__gte=start, approved_on__lt=end
        ).values_list("pk", flat=True)
    )
    size = min(len(population), max(5, int(len(population) * audit_sample_share() + 1)))
    rng = secrets.SystemRandom()
    chosen = rng.sample(population, size)
    sample = AuditSample.objects.create(
        year=year, quarter=quarter, drawn_by=actor, population=len(population)
    )
    AuditSampleItem.objects.bulk_create(
        [AuditSampleItem(sample=sample, expenditure_id=pk) for pk in sorted(chosen)]
    )
    record(
        "governance.audit_sample",
        actor=actor,
        obj=sample,
        after={"population": len(population), "sampled": sorted(chosen)},
        request=request,
    )
    return sample


@transaction.atomic
def record_finding(actor, sample_item, finding, *, request=None) -> AuditSampleItem:
    require(
        permissions.is_discipline(actor) or permissions.manages_contracts(actor),
        _("只有办公室或派驻纪检监察人员可以登记审计发现"),
    )
    finding = text(finding, "finding", _("审计发现"), 2000)
    item = AuditSampleItem.objects.select_for_update().get(pk=sample_item.pk)
    item.finding = finding
    item.reviewed_at = timezone.now()
    item.save(update_fields=["finding", "finding_sealed", "reviewed_at"])
    record(
        "governance.audit_finding",
        actor=actor,
        obj=item.sample,
        after={"item": item.pk, "finding": finding},
        request=request,
    )
    return item
