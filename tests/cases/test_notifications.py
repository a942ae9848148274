"""The applicant is told of each event of the case, the departments of new tasks, in Chinese,
after the change commits, never with a full ID number or phone."""

from datetime import date

import pytest
from django.utils import translation

from onewindow.cases import services
from onewindow.cases.certificates import deliver
from onewindow.cases.constants import DeliveryMethod
from onewindow.cases.notifications import MESSAGES
from onewindow.core.errors import Conflict
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.cases.factories import (
    CONDITIONAL,
    approver,
    clerk,
    draft_case,
    freeze,
    ids,
    item,
    submitted_case,
)

pytestmark = pytest.mark.django_db


def test_acceptance_tells_the_applicant_the_promised_date(
    monkeypatch, calendar_2026, outbox, committed
):
    freeze(monkeypatch, date(2026, 9, 30))
    case = submitted_case(item(promised_limit_days=5))
    committed(services.accept, clerk(), case)
    [line] = outbox()
    assert line["event"] == "case.accepted"
    assert line["recipient"]["user_id"] == case.applicant_id
    assert line["subject"] == "受理通知"
    assert line["body"] == (
        f"您申请的“{case.item_version.name}”（办件编号{case.number}）已受理，"
        "承诺于2026-10-13前办结。"
    )
    assert line["object"] == {"type": "cases.case", "id": str(case.pk)}


def test_refusal_gives_the_reason(outbox, committed):
    case = submitted_case()
    committed(services.refuse, clerk(), case, "不属于本机关职权范围。")
    [line] = outbox()
    assert line["event"] == "case.refused"
    assert line["body"].endswith("不予受理。理由：不属于本机关职权范围。")


def test_a_deficiency_notice_lists_every_missing_material(outbox, committed):
    case = submitted_case(missing=["营业执照", CONDITIONAL])
    committed(
        services.issue_deficiency_notice,
        clerk(),
        case,
        ids(case, "营业执照", CONDITIONAL),
        note="请提供原件",
    )
    [line] = outbox()
    assert line["event"] == "case.deficient"
    assert "需补正以下材料：营业执照、场地证明。" in line["body"]
    assert line["body"].endswith("说明：请提供原件。请补齐后重新提交。")


def test_conditional_acceptance_gives_the_promise_date(
    monkeypatch, calendar_2026, outbox, committed
):
    freeze(monkeypatch, date(2026, 9, 30))
    case = submitted_case(missing=[CONDITIONAL])
    committed(
        services.accept_conditionally,
        clerk(),
        case,
        missing=ids(case, CONDITIONAL),
        promise_date=date(2026, 10, 9),
        signed=True,
    )
    [line] = outbox()
    assert line["event"] == "case.conditionally_accepted"
    assert "已容缺受理，请于2026-10-09前补齐：场地证明。逾期未补齐的，办件将终止。" in line["body"]


def test_each_dispatched_department_s_approvers_hear_of_their_new_task(
    monkeypatch, calendar_2026, outbox, committed
):
    freeze(monkeypatch, date(2026, 9, 30))
    one, two, other = DepartmentFactory(), DepartmentFactory(), DepartmentFactory()
    a1, a2, b1 = approver(one), approver(one), approver(two)
    approver(other)
    UserFactory(clerk=True, department=one)
    case = services.accept(clerk(), submitted_case(item(promised_limit_days=5)))
    committed(services.dispatch, clerk(), case, [one, two])
    lines = outbox("case.task_arrived")
    assert sorted(line["recipient"]["user_id"] for line in lines) == sorted([a1.pk, a2.pk, b1.pk])
    assert lines[0]["subject"] == "新的审查任务"
    assert f"（办件编号{case.number}），承诺办结日期2026-10-13，请及时审查。" in lines[0]["body"]
    assert outbox("case.accepted") == []  # acceptance was before (not captured here)


def _decided(committed, approve: bool):
    case = services.accept(clerk(), submitted_case())
    one, two = DepartmentFactory(), DepartmentFactory()
    tasks = services.dispatch(clerk(), case, [one, two])
    for task, ok in zip(tasks, (True, approve), strict=True):
        person = approver(task.department)
        services.start_review(person, task)
        if ok:
            committed(services.decide_task, person, task, True)
        else:
            committed(services.decide_task, person, task, False, "选址不符合规划")
    case.refresh_from_db()
    return case, two


def test_an_approval_tells_the_applicant_the_certificate_is_ready(outbox, committed):
    case, _dept = _decided(committed, approve=True)
    [line] = outbox("case.decided")
    assert line["subject"] == "准予许可通知"
    assert "已作出准予许可决定。证照已制作完成，可凭办件编号到政务服务大厅窗口领取" in line["body"]


def test_a_refusal_gives_the_departments_reasons_and_the_right_of_appeal(outbox, committed):
    case, department = _decided(committed, approve=False)
    [line] = outbox("case.decided")
    assert line["subject"] == "不予许可通知"
    assert f"理由：{department.name}：选址不符合规划。" in line["body"]
    assert "可依法申请行政复议或者提起行政诉讼" in line["body"]


def test_posting_gives_the_courier_and_the_tracking_number(outbox, committed):
    case, _dept = _decided(committed, approve=True)
    committed(
        deliver,
        clerk(),
        case,
        method=DeliveryMethod.POST,
        address="东营区府前大街59号",
        courier="中国邮政EMS",
        tracking_number="EMS1234567890",
    )
    [line] = outbox("case.posted")
    assert line["body"].endswith("审批结果已通过中国邮政EMS寄出，运单号EMS1234567890，请注意查收。")
    assert outbox("case.concluded") == []


def test_pickup_at_the_window_concludes_with_a_thank_you(outbox, committed):
    case, _dept = _decided(committed, approve=True)
    committed(deliver, clerk(), case, method=DeliveryMethod.WINDOW, recipient="张三")
    [line] = outbox("case.concluded")
    assert line["body"].endswith("已办结，感谢您的办理。")
    assert outbox("case.posted") == []


def test_messages_are_chinese_even_from_an_english_page(outbox, committed):
    case = submitted_case()
    with translation.override("en"):
        committed(services.refuse, clerk(), case, "材料不符")
    [line] = outbox()
    assert line["subject"] == "不予受理通知"


def test_no_full_id_number_or_phone_leaves_in_a_message(settings, mailoutbox, committed):
    settings.NOTIFY_BACKENDS = ["email"]  # the email backend sends the body as it is
    applicant = UserFactory(citizen=True, email="applicant@example.com")
    case = submitted_case(applicant=applicant)
    reason = "申请人370502199001011233与登记信息不一致，请致电13812345678"
    committed(services.refuse, clerk(), case, reason)
    [mail] = mailoutbox
    assert "370502199001011233" not in mail.body and "13812345678" not in mail.body
    assert "138****5678" in mail.body


def test_a_change_that_fails_sends_nothing(outbox, committed):
    case = submitted_case()
    services.refuse(clerk(), case, "不符合条件")
    with pytest.raises(Conflict):
        committed(services.refuse, clerk(), case, "再次不予受理")
    assert outbox() == []


def test_steps_without_news_for_anyone_send_nothing(outbox, committed):
    draft = draft_case()
    committed(services.submit, draft.applicant, draft)
    assert outbox() == []
    assert "submit" not in MESSAGES and "task_start_review" not in MESSAGES
