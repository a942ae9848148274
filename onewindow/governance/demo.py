"""Demo data: the seed's 2020 (RULES.md "Governance", seed items 7, 9–16) and 2026 at work.

2020, from the seed: 20 party-group meetings with 14 三重一大 items, all filed beforehand,
each opening with a study item; the 10-topic study plan with 8 研讨 and 3 调研; 8
warning-education sessions; 2 appointee talks and 1 collective talk; 62 volunteer
activities ("60余次"); one asset reconciliation in the first half year; the selection of
7 candidates decided on 2020-05-18, noticed for 5 days and filed on 2020-05-25.

2026: meetings held and one being prepared (a 12,000-yuan item still to be filed),
expenditures waiting at each step, a contract with a milestone due and not performed, the
assets register reconciled this half year, key-post talks (one person short), two nearly
identical talk records, a selection in its notice period. Idempotent.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from onewindow.accounts.models import User
from onewindow.core.audit import record

from .constants import (
    RISK_MEASURES,
    AssetStatus,
    ExpenditureStatus,
    ItemKind,
    MeetingKind,
    MeetingStatus,
    Outcome,
    PartyLifeKind,
    RiskLevel,
    SelectionStep,
    StudyKind,
    TalkKind,
)
from .integrity.services import similarity
from .models import (
    AgendaItem,
    Asset,
    Attendance,
    Candidate,
    Contract,
    EducationSession,
    Expenditure,
    ExpenditureSignature,
    KeyPost,
    Meeting,
    Milestone,
    PartyLifeMeeting,
    Reconciliation,
    RiskPoint,
    Selection,
    SelectionRecord,
    StudySession,
    StudyTopic,
    Talk,
    VolunteerActivity,
)

STUDY_TOPICS_2020 = [
    "习近平新时代中国特色社会主义思想",
    "党的十九届四中全会精神",
    "习近平总书记关于巡视巡察工作的重要论述",
    "深化“放管服”改革优化营商环境",
    "《中国共产党纪律处分条例》",
    "《党政领导干部选拔任用工作条例》",
    "统筹推进疫情防控和经济社会发展",
    "“一次办好”改革与审批服务便民化",
    "全面从严治党主体责任",
    "意识形态工作责任制",
]
SANZHONG_2020 = [
    (ItemKind.LARGE_SUM, "研究政务服务大厅智能化自助终端采购（49台）"),
    (ItemKind.LARGE_SUM, "研究帮办代办服务中心办公设备购置"),
    (ItemKind.MAJOR_DECISION, "研究巡察整改工作方案"),
    (ItemKind.MAJOR_PROJECT, "研究政务服务便民智能化项目"),
    (ItemKind.CADRE, "研究中层干部拟任人选"),
    (ItemKind.LARGE_SUM, "研究大厅停车场改造费用"),
    (ItemKind.MAJOR_DECISION, "研究《内部审计管理制度》"),
    (ItemKind.LARGE_SUM, "研究网上便民服务大厅建设费用"),
    (ItemKind.MAJOR_PROJECT, "研究基层便民服务标准化试点"),
    (ItemKind.LARGE_SUM, "研究政务服务大厅运维服务合同"),
    (ItemKind.MAJOR_DECISION, "研究2020年党建工作要点"),
    (ItemKind.LARGE_SUM, "研究档案数字化加工费用"),
    (ItemKind.MAJOR_DECISION, "研究党风廉政建设责任分解"),
    (ItemKind.LARGE_SUM, "研究办公家具更新费用"),
]


POSTS = ("窗口受理", "股室管理", "财务报销", "干部档案")


def _users():
    names = ["leader", "party", "discipline", "office", "personnel", "divhead", "clerk"]
    found = {u.username: u for u in User.objects.filter(username__in=names)}
    return found if len(found) == len(names) else None


def _members(users):
    members = list(User.objects.filter(role_grants__role="party_member", is_active=True))
    return list(dict.fromkeys(members))[:5] or [users["leader"]]


def _meeting(users, members, held_on, title, items, *, status=MeetingStatus.FINAL, filed=True):
    meeting = Meeting.objects.create(
        kind=MeetingKind.PARTY_GROUP,
        title=title,
        held_on=held_on,
        status=status,
        chaired_by=users["leader"],
        created_by=users["office"],
        minutes="会议由党组书记主持，研究了以下事项。" if status == MeetingStatus.FINAL else "",
    )
    Attendance.objects.bulk_create([Attendance(meeting=meeting, person=m) for m in members])
    rows = [
        AgendaItem(
            meeting=meeting,
            order=1,
            title="学习习近平总书记重要讲话和重要指示批示精神（第一议题）",
            kind=ItemKind.STUDY,
        )
    ]
    final = status == MeetingStatus.FINAL
    for order, (kind, title, extra) in enumerate(items, start=2):
        sanzhong = kind != ItemKind.ORDINARY
        rows.append(
            AgendaItem(
                meeting=meeting,
                order=order,
                title=title,
                kind=kind,
                filed_on=held_on - timedelta(days=5) if sanzhong and filed else None,
                filed_by=users["office"] if sanzhong and filed else None,
                decision="同意" if final else "",
                votes_for=len(members) if final else 0,
                present_count=len(members) if final else 0,
                member_count=len(members) if final else 0,
                outcome=Outcome.PASSED if final else Outcome.PENDING,
                **extra,
            )
        )
    AgendaItem.objects.bulk_create(rows)
    return meeting


def _expenditure(users, number, purpose, amount, filed_on, status, *, asset=False):
    e = Expenditure.objects.create(
        number=number,
        purpose=purpose,
        amount=Decimal(amount),
        department=users["clerk"].department,
        filed_by=users["clerk"],
        filed_on=filed_on,
        status=status,
        is_asset_purchase=asset,
        approved_on=filed_on + timedelta(days=6) if status == ExpenditureStatus.APPROVED else None,
    )
    order = [ExpenditureStatus.HEAD, ExpenditureStatus.DEPUTY, ExpenditureStatus.PRINCIPAL]
    signers = {"head": "divhead", "deputy": "party", "principal": "leader"}
    done = len(order) if status == ExpenditureStatus.APPROVED else order.index(status)
    ExpenditureSignature.objects.bulk_create(
        [
            ExpenditureSignature(
                expenditure=e, step=step, signer=users[signers[step]], approved=True, note="同意"
            )
            for step in order[:done]
        ]
    )
    return e


@transaction.atomic
def load_governance(today: date | None = None) -> dict:
    from django.utils import timezone

    today = today or timezone.localdate()
    users = _users()
    if users is None:
        return {"skipped": "accounts not loaded"}
    if Meeting.objects.exists():
        return {"meetings": Meeting.objects.count(), "created": 0}
    members = _members(users)
    _load_2020(users, members)
    _load_current(users, members, today)
    record(
        "governance.demo_load",
        summary="载入党组治理演示数据",
        after={"meetings": Meeting.objects.count(), "assets": Asset.objects.count()},
    )
    return {"meetings": Meeting.objects.count(), "assets": Asset.objects.count()}


def _load_2020(users, members):
    selection = Selection.objects.create(
        title="2020年中层干部选拔任用",
        post_name="股室负责人",
        step=SelectionStep.FILING,
        notice_starts_on=date(2020, 5, 19),
        notice_workdays=5,
        notice_ends_on=date(2020, 5, 25),
        appointed_on=date(2020, 5, 25),
        filed_on=date(2020, 5, 25),
        created_by=users["personnel"],
    )
    people = list(User.objects.filter(kind="staff", department__isnull=False).order_by("pk")[:7])
    Candidate.objects.bulk_create(
        [Candidate(selection=selection, person=p, file_checked_on=date(2020, 5, 8)) for p in people]
    )
    steps = {
        SelectionStep.MOTION: date(2020, 5, 6),
        SelectionStep.RECOMMENDATION: date(2020, 5, 7),
        SelectionStep.INSPECTION: date(2020, 5, 8),
        SelectionStep.CONSULTATION: date(2020, 5, 12),
        SelectionStep.DECISION: date(2020, 5, 18),
        SelectionStep.NOTICE: date(2020, 5, 19),
        SelectionStep.APPOINTMENT: date(2020, 5, 25),
        SelectionStep.FILING: date(2020, 5, 25),
    }
    SelectionRecord.objects.bulk_create(
        [
            SelectionRecord(selection=selection, step=s, done_on=d, done_by=users["personnel"])
            for s, d in steps.items()
        ]
    )
    # 20 meetings: the 14 三重一大 items spread over them; the cadre item on 2020-05-18.
    days = [date(2020, 1, 10) + timedelta(days=17 * n) for n in range(20)]
    days[7] = date(2020, 5, 18)
    items = [x for x in SANZHONG_2020 if x[0] != ItemKind.CADRE]
    cadre_item = next(x for x in SANZHONG_2020 if x[0] == ItemKind.CADRE)
    for n, held_on in enumerate(days):
        agenda = []
        if n == 7:
            kind, title = cadre_item
            agenda.append((kind, title, {"selection": selection}))
        elif items and n % 3 != 2:
            kind, title = items.pop(0)
            agenda.append((kind, title, {}))
        agenda.append((ItemKind.ORDINARY, "听取巡察整改工作进展汇报", {}))
        _meeting(users, members, held_on, f"2020年第{n + 1}次党组会议", agenda)
    while items:  # whatever is left goes to the last meetings
        kind, title = items.pop(0)
        meeting = Meeting.objects.filter(held_on__year=2020).order_by("-held_on").first()
        AgendaItem.objects.create(
            meeting=meeting,
            order=meeting.items.count() + 1,
            title=title,
            kind=kind,
            filed_on=meeting.held_on - timedelta(days=5),
            filed_by=users["office"],
            decision="同意",
            votes_for=len(members),
            present_count=len(members),
            member_count=len(members),
            outcome=Outcome.PASSED,
        )
    topics = StudyTopic.objects.bulk_create(
        [StudyTopic(year=2020, order=i, title=t) for i, t in enumerate(STUDY_TOPICS_2020, 1)]
    )
    sessions = [
        StudySession(
            kind=StudyKind.SEMINAR,
            topic=topics[i],
            title=f"专题学习研讨：{topics[i].title}",
            held_on=date(2020, 3, 5) + timedelta(days=30 * i),
            attendance=7,
        )
        for i in range(8)
    ] + [
        StudySession(kind=StudyKind.SURVEY, title=t, held_on=d, attendance=5)
        for t, d in (
            ("赴镇街便民服务中心实地调研", date(2020, 4, 22)),
            ("赴工程建设项目现场调研", date(2020, 6, 17)),
            ("赴企业开办专区调研", date(2020, 7, 8)),
        )
    ]
    StudySession.objects.bulk_create(sessions)
    EducationSession.objects.bulk_create(
        [
            EducationSession(
                title=f"廉政专题学习教育（第{i + 1}次）",
                held_on=date(2020, 2, 20) + timedelta(days=35 * i),
                attendance=40,
            )
            for i in range(8)
        ]
    )
    VolunteerActivity.objects.bulk_create(
        [
            VolunteerActivity(
                title="党员志愿服务：政务服务大厅导办帮办",
                held_on=date(2020, 1, 6) + timedelta(days=5 * i),
                participants=6,
            )
            for i in range(62)
        ]
    )
    leader, appointees = users["leader"], people[:2]
    Talk.objects.bulk_create(
        [
            Talk(
                kind=TalkKind.PRE_APPOINTMENT,
                leader=leader,
                subject=p,
                held_on=date(2020, 5, 26),
                content=f"任前谈话：要求{p.display_name}同志做好廉洁自律，抓好分管范围内党风廉政工作。",
                recorded_by=users["personnel"],
            )
            for p in appointees
        ]
        + [
            Talk(
                kind=TalkKind.INTEGRITY,
                leader=leader,
                subject=users["divhead"],
                held_on=date(2020, 6, 22),
                content="集体廉政谈话：以“正确履行职责、预防岗位犯错”为主要内容，做好廉政风险防控提醒。",
                recorded_by=users["discipline"],
            )
        ]
    )
    Reconciliation.objects.create(
        done_on=date(2020, 6, 28),
        done_by=users["office"],
        original_name="2020年上半年核算中心资产台账.xlsx",
        register_count=0,
        ledger_count=0,
        differences=[],
        note="对巡察组反馈的漏记固定资产联系核算中心进行补计",
    )


def _load_current(users, members, today):
    year = today.year
    # Meetings held this year: monthly, each with a study item first and its items filed.
    decided = []
    for month in range(1, min(today.month, 12)):
        held_on = date(year, month, 15)
        e = _expenditure(
            users,
            f"ZC{year}-{month:05d}",
            f"政务服务大厅设备运维费用（{month}月）",
            12000 + 500 * month,
            held_on - timedelta(days=10),
            ExpenditureStatus.APPROVED,
        )
        decided.append(e)
        _meeting(
            users,
            members,
            held_on,
            f"{year}年第{month}次党组会议",
            [
                (ItemKind.LARGE_SUM, f"研究{e.purpose}", {"expenditure": e}),
                (ItemKind.ORDINARY, "听取政务服务工作汇报", {}),
            ],
        )
    # Small approved spending, and requests waiting at each step.
    for n in range(1, 9):
        _expenditure(
            users,
            f"ZC{year}-{100 + n:05d}",
            "购买办公用品",
            800 + 300 * n,
            date(year, min(n + 2, 11), 3),
            ExpenditureStatus.APPROVED,
        )
    _expenditure(
        users,
        f"ZC{year}-00201",
        "购置窗口高拍仪",
        "3000",
        today - timedelta(days=2),
        ExpenditureStatus.HEAD,
        asset=True,
    )
    _expenditure(
        users,
        f"ZC{year}-00202",
        "大厅宣传资料印制",
        "4600",
        today - timedelta(days=4),
        ExpenditureStatus.DEPUTY,
    )
    big = _expenditure(
        users,
        f"ZC{year}-00203",
        "购置自助服务终端2台",
        "12000",
        today - timedelta(days=6),
        ExpenditureStatus.PRINCIPAL,
        asset=True,
    )
    _meeting(
        users,
        members,
        today + timedelta(days=3),
        f"{year}年第12次党组会议",
        [(ItemKind.LARGE_SUM, "研究购置自助服务终端2台", {"expenditure": big})],
        status=MeetingStatus.DRAFT,
        filed=False,
    )
    contract = Contract.objects.create(
        number=f"HT-{year}-001",
        title="政务服务大厅智能化系统运维服务合同",
        counterparty_name="东营某信息技术有限公司",
        amount=Decimal("96000"),
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
        obligations="乙方按季度提供系统运维服务并提交运维报告；甲方验收后按节点付款。",
        expenditure=decided[0] if decided else None,
        created_by=users["office"],
    )
    for q in range(1, 5):
        due = date(year, 3 * q, 28)
        Milestone.objects.create(
            contract=contract,
            order=q,
            title=f"第{q}季度运维验收",
            due_on=due,
            amount=Decimal("24000"),
            accepted_on=due if q <= 2 else None,
            accepted_by=users["office"] if q <= 2 else None,
        )
    # Assets, reconciled this half year.
    custodians = [users[k] for k in ("clerk", "divhead", "office", "personnel")]
    categories = ["2010101", "2010105", "2010600", "2020800", "6010100", "6010200", "6010400"]
    Asset.objects.bulk_create(
        [
            Asset(
                number=f"DYSP-{i:05d}",
                name=(
                    "台式计算机",
                    "便携式计算机",
                    "打印机",
                    "自助服务终端",
                    "办公桌",
                    "办公椅",
                    "文件柜",
                )[i % 7],
                category_code=categories[i % 7],
                purchased_on=date(2018 + i % 8, 1 + i % 12, 10),
                price=Decimal(3000 + 37 * i),
                custodian=custodians[i % 4],
                location="政务服务大厅",
                status=AssetStatus.IN_USE if i % 11 else AssetStatus.IDLE,
                entered_on=date(2018 + i % 8, 1 + i % 12, 20),
            )
            for i in range(80)
        ]
    )
    half = date(year, 1 if today.month <= 6 else 7, 1)
    Reconciliation.objects.create(
        done_on=half + timedelta(days=20),
        done_by=users["office"],
        original_name=f"{year}年核算中心资产台账.xlsx",
        register_count=80,
        ledger_count=80,
        differences=[
            {"kind": "custodian", "number": "DYSP-00007", "register": "马丽", "ledger": "李娜"}
        ],
    )
    # Integrity: key posts, talks (one person short, two records nearly identical).
    for key, post in (
        ("clerk", "综合受理"),
        ("divhead", "股室负责人"),
        ("office", "财务"),
        ("personnel", "人事"),
    ):
        KeyPost.objects.create(person=users[key], post_name=post, since=date(year - 2, 1, 1))
    base = "严格执行中央八项规定精神，在审批和资金管理中规范用权，主动接受监督，做到廉洁自律。"
    talks = []
    for key, times in (("clerk", 2), ("divhead", 2), ("office", 2), ("personnel", 1)):
        for t in range(times):
            talks.append(
                Talk(
                    kind=TalkKind.INTEGRITY,
                    leader=users["leader"],
                    subject=users[key],
                    held_on=date(year, 3 + 5 * t, 10),
                    content=f"与{users[key].display_name}同志开展第{t + 1}次廉政谈话，{base}"
                    f"结合{POSTS[len(talks) % 4]}岗位特点提出要求。",
                    recorded_by=users["discipline"],
                )
            )
    # The third record copies the first, names swapped: the kind the inspection found.
    talks[2].content = str(talks[0].content).replace(
        users["clerk"].display_name, users["divhead"].display_name
    )
    Talk.objects.bulk_create(talks)
    first, second = talks[0], talks[2]
    score = similarity(str(first.content), str(second.content))
    if score >= 0.85:
        Talk.objects.filter(pk=second.pk).update(
            similar_to=first, similarity=Decimal(round(score, 3))
        )
    RiskPoint.objects.bulk_create(
        [
            RiskPoint(
                post_name=p,
                process_name=s,
                description=d,
                level=lv,
                controls=c,
                measures=str(RISK_MEASURES[lv]),
                evaluated_on=date(year, 6, 30),
            )
            for p, s, d, lv, c in (
                (
                    "审批岗",
                    "受理审查",
                    "违规受理、吃拿卡要",
                    RiskLevel.HIGH,
                    "一窗受理、全程留痕、好差评",
                ),
                (
                    "财务岗",
                    "报销审核",
                    "虚列支出、超标准报销",
                    RiskLevel.HIGH,
                    "双人审核、内部审计抽查",
                ),
                ("办公室", "合同管理", "未按合同约定付款", RiskLevel.MEDIUM, "履约节点验收后付款"),
                ("人事岗", "干部选拔", "程序不规范", RiskLevel.MEDIUM, "凡提必审、任前公示"),
                ("大厅督查", "考勤考核", "考核不实", RiskLevel.LOW, "考核结果公示"),
            )
        ]
    )
    EducationSession.objects.bulk_create(
        [
            EducationSession(
                title=f"{year}年警示教育（第{i + 1}次）",
                held_on=date(year, 2 + 2 * i, 18),
                attendance=38,
            )
            for i in range(5)
        ]
    )
    topics = StudyTopic.objects.bulk_create(
        [StudyTopic(year=year, order=i, title=t) for i, t in enumerate(STUDY_TOPICS_2020, 1)]
    )
    StudySession.objects.bulk_create(
        [
            StudySession(
                kind=StudyKind.SEMINAR,
                topic=topics[i],
                title=f"专题学习研讨：{topics[i].title}",
                held_on=date(year, 1 + i, 20),
                attendance=7,
            )
            for i in range(min(today.month - 1, 10))
        ]
    )
    VolunteerActivity.objects.bulk_create(
        [
            VolunteerActivity(
                title="党员志愿服务：大厅导办",
                held_on=date(year, 1 + i % 11, 8 + i // 11),
                participants=5,
            )
            for i in range(22)
        ]
    )
    PartyLifeMeeting.objects.bulk_create(
        [
            PartyLifeMeeting(
                kind=k,
                title=str(PartyLifeKind(k).label),
                held_on=today - timedelta(days=d),
                attendance=20,
            )
            for k, d in (("congress", 40), ("committee", 12), ("group", 50), ("lecture", 70))
        ]
    )
    done = Selection.objects.create(
        title=f"{year}年上半年中层干部选拔任用",
        post_name="企业开办服务股股长",
        step=SelectionStep.FILING,
        notice_starts_on=date(year, 4, 7),
        notice_workdays=5,
        notice_ends_on=date(year, 4, 13),
        appointed_on=date(year, 4, 15),
        filed_on=date(year, 4, 24),
        created_by=users["personnel"],
    )
    Candidate.objects.create(
        selection=done, person=users["divhead"], file_checked_on=date(year, 3, 20)
    )
    selection = Selection.objects.create(
        title=f"{year}年中层干部选拔任用",
        post_name="综合受理股副股长",
        step=SelectionStep.DECISION,
        created_by=users["personnel"],
    )
    Candidate.objects.create(
        selection=selection, person=users["clerk"], file_checked_on=today - timedelta(days=30)
    )
