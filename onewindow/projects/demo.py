"""Demo data: the bureau's construction desk at work today plus the seed's 2020 figures.

- the configuration (4 stages, 47 items of 7 departments) and the agent centre's 11 groups;
- today's work through the services: a project waiting at the 施工许可 window, one in
  parallel review of the 工程建设许可 stage, a 拿地即开工 pre-review, a key project the
  demo agent carries under a 委托书; a stage 1 and a 施工许可 stage accepted today whose
  备案 and 施工许可 items are cases on the 发改局's and 住建局's cases worklists (decision
  0041; when the catalogue is loaded first, as core/demo.py does);
- 130 key projects split among 5 agent groups, at every stage;
- 2020: 备案 509, 核准 3, 审批 76, 施工许可 86, 商品房预售 4, 房地产开发企业资质 16,
  竣工验收备案 228 buildings, 建筑企业资质 11.
Idempotent: a second run finds the rows by code and adds nothing.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from onewindow.accounts.models import User
from onewindow.core.workdays.calendar import get_calendar

from . import services
from .constants import (
    ContactKind,
    LandStatus,
    MandateScope,
    PermitKind,
    Procedure,
    ProjectKind,
    ProjectType,
)
from .models import AgentGroup, BuildingFiling, Permit, Project, Stage

GROUPS = [
    ("QYKB", "企业开办"),
    ("GCJS", "工程建设"),
    ("SHSW", "社会事务"),
    ("SNSW", "涉农事务"),
    ("WJWS", "文教卫生"),
    ("BDC", "不动产"),
    ("ZJ", "住建"),
    ("SW", "税务"),
    ("GJJ", "公积金"),
    ("RS", "人社"),
    ("YB", "医保"),
]
# The 130 key projects are carried by 5 of the groups.
KEY_SPLIT = {"GCJS": 46, "ZJ": 30, "QYKB": 22, "BDC": 18, "WJWS": 14}
KEY_PROJECTS = sum(KEY_SPLIT.values())
SEED_2020 = {
    Procedure.FILING: 509,
    Procedure.RATIFICATION: 3,
    Procedure.APPROVAL: 76,
    PermitKind.CONSTRUCTION: 86,
    PermitKind.PRESALE: 4,
    PermitKind.DEVELOPER: 16,
    "buildings": 228,
    PermitKind.BUILDER: 11,
}
NAMES = [
    "科创园",
    "产业园",
    "安置区",
    "物流中心",
    "学校",
    "卫生院",
    "污水处理厂",
    "商业综合体",
    "标准厂房",
    "养老服务中心",
    "道路改造",
    "住宅小区",
]
PLACES = [
    "府前大街",
    "黄河路",
    "西四路",
    "南一路",
    "东城",
    "胜利街道",
    "文汇街道",
    "牛庄镇",
    "六户镇",
    "史口镇",
    "龙居镇",
    "辛店街道",
]
FORM = {
    "design_unit": "东营市建筑设计研究院有限公司",
    "building_area": "18600",
    "builder_name": "山东黄河口建工集团有限公司",
    "supervisor_name": "东营市诚信工程监理有限公司",
    "contract_price": "8600",
    "completion_date": "2027-10-31",
    "building_count": "4",
}


def _user(username):
    return User.objects.filter(username=username).first()


def load_projects() -> dict:
    counts = services.load_configuration()
    if not Stage.objects.exists():
        return counts
    with transaction.atomic():
        counts["groups"] = _groups()
    counts["key_projects"] = _key_projects()
    counts["history_2020"] = _history_2020()
    counts["today"] = _today_work()
    return counts


def _groups() -> int:
    created = 0
    for order, (code, name) in enumerate(GROUPS, start=1):
        group, new = AgentGroup.objects.get_or_create(
            code=code, defaults={"name": name, "order": order}
        )
        created += new
        agent = _user("agent")
        if code == "GCJS" and agent is not None:
            group.members.add(agent)
    return created


def _key_projects() -> int:
    if Project.objects.filter(code__startswith="KEY-").exists():
        return 0
    rng = random.Random(16)
    groups = {g.code: g for g in AgentGroup.objects.all()}
    rows = []
    n = 0
    for code, count in KEY_SPLIT.items():
        for _i in range(count):
            n += 1
            kind = ProjectKind.GOVERNMENT if n % 4 == 0 else ProjectKind.SOCIAL
            rows.append(
                Project(
                    name=f"{rng.choice(PLACES)}{rng.choice(NAMES)}项目（重点{n:03d}）",
                    code=f"KEY-2026-{n:04d}",
                    investor_name=f"东营{rng.choice(['黄河', '胜利', '广利', '清风'])}"
                    f"{rng.choice(['置业', '实业', '建设', '发展'])}有限公司",
                    kind=kind,
                    procedure=Procedure.APPROVAL
                    if kind == ProjectKind.GOVERNMENT
                    else Procedure.FILING,
                    procedure_on=date(2026, 1, 5) + timedelta(days=rng.randrange(300)),
                    project_type=rng.choice(ProjectType.values),
                    location=f"东营区{rng.choice(PLACES)}",
                    investment=Decimal(rng.randrange(3000, 200000)),
                    land_status=LandStatus.GRANTED,
                    is_key=True,
                    agent_group=groups[code],
                    current_stage=rng.choice([0, 1, 1, 2, 2, 3, 4, 4, 5]),
                    service_plan="专班对接，提前介入，节点倒排",
                )
            )
    Project.objects.bulk_create(rows)
    return len(rows)


def _history_2020() -> dict:
    if Project.objects.filter(code__startswith="H2020-").exists():
        return {}
    rng = random.Random(2020)
    calendar = get_calendar()
    days = [
        date(2020, 1, 2) + timedelta(days=i)
        for i in range(365)
        if calendar.is_workday(date(2020, 1, 2) + timedelta(days=i))
    ]
    rows = []
    n = 0
    for procedure in (Procedure.FILING, Procedure.RATIFICATION, Procedure.APPROVAL):
        for _i in range(SEED_2020[procedure]):
            n += 1
            kind = ProjectKind.GOVERNMENT if procedure == Procedure.APPROVAL else ProjectKind.SOCIAL
            rows.append(
                Project(
                    name=f"{rng.choice(PLACES)}{rng.choice(NAMES)}（2020-{n:03d}）",
                    code=f"H2020-{n:04d}",
                    investor_name="东营区历史项目建设单位",
                    kind=kind,
                    procedure=procedure,
                    procedure_on=rng.choice(days),
                    project_type=rng.choice(ProjectType.values),
                    location="东营区",
                    investment=Decimal(rng.randrange(500, 80000)),
                    land_status=LandStatus.GRANTED,
                    current_stage=5,
                )
            )
    projects = Project.objects.bulk_create(rows)
    permitted = projects[: SEED_2020[PermitKind.CONSTRUCTION]]
    permits = [
        Permit(
            project=p,
            kind=PermitKind.CONSTRUCTION,
            number=f"3-{p.code}",
            holder_name=p.investor_name,
            issued_on=rng.choice(days),
        )
        for p in permitted
    ]
    for kind in (PermitKind.PRESALE, PermitKind.DEVELOPER, PermitKind.BUILDER):
        permits += [
            Permit(
                kind=kind,
                number=f"{kind}-2020-{i:03d}",
                holder_name="东营区企业",
                issued_on=rng.choice(days),
            )
            for i in range(1, SEED_2020[kind] + 1)
        ]
    Permit.objects.bulk_create(permits)
    buildings = [
        BuildingFiling(
            project=permitted[i % len(permitted)],
            building_name=f"{i // len(permitted) + 1}号楼",
            filing_number=f"JB-2020-{i + 1:04d}",
            floor_area=Decimal(rng.randrange(2000, 30000)),
            filed_on=rng.choice(days[100:]),
        )
        for i in range(SEED_2020["buildings"])
    ]
    BuildingFiling.objects.bulk_create(buildings)
    return {"projects": len(projects), "permits": len(permits), "buildings": len(buildings)}


def _today_work() -> int:
    enterprise, clerk, agent = _user("enterprise"), _user("clerk"), _user("agent")
    if (
        None in (enterprise, clerk, agent)
        or Project.objects.filter(code__startswith="DEMO-").exists()
    ):
        return 0
    today = timezone.localdate()
    calendar = get_calendar()
    start = calendar.subtract_workdays(today, 12)
    approvers = {}
    for code in ("ST-FGJ", "ST-ZRJ", "ST-ZJJ", "ST-STHJ", "ST-JTJ", "ST-SWJ", "ST-RFB"):
        approvers[code] = (
            User.objects.filter(department__code=code, role_grants__role="approver")
            .order_by("username")
            .first()
        )
    if None in approvers.values():
        return 0
    materials = sorted({m for s in Stage.objects.all() for m in s.materials})

    def new(code, name, **extra):
        return services.create_project(
            enterprise,
            name=name,
            code=code,
            investor_name=enterprise.display_name,
            kind=extra.pop("kind", ProjectKind.SOCIAL),
            procedure=extra.pop("procedure", Procedure.FILING),
            project_type=extra.pop("project_type", ProjectType.INDUSTRIAL),
            location=extra.pop("location", "东营区府前大街以南、西四路以东"),
            investment=extra.pop("investment", "26800"),
            land_status=extra.pop("land_status", LandStatus.GRANTED),
            procedure_on=start,
            **extra,
        )

    def through(project, code, on, decide=True):
        run = services.apply_stage(
            enterprise, project, code, form_data=FORM, materials=materials, today=on
        )
        run = services.accept_stage(
            clerk, run, window=services.window_for(run.stage.order), today=on
        )
        if decide:
            for review in run.reviews.select_related("department"):
                services.decide_item(
                    approvers[review.department.code], review, approve=True, today=on
                )
        return run

    # 1. waiting at the 施工许可 window (B03) for the clerk
    p1 = new("DEMO-2026-0001", "黄河口食品产业园标准厂房")
    through(p1, "planning", start)
    through(p1, "works_permit", calendar.add_workdays(start, 5))
    services.apply_stage(
        enterprise, p1, "construction_permit", form_data=FORM, materials=materials, today=today
    )
    # 2. the 工程建设许可 stage in parallel review for the departments
    p2 = new("DEMO-2026-0002", "胜利街道康养服务中心", project_type=ProjectType.PUBLIC)
    through(p2, "planning", start)
    through(p2, "works_permit", calendar.add_workdays(start, 8), decide=False)
    # 3. 拿地即开工: the departments pre-review before the land is granted
    p3 = new(
        "DEMO-2026-0003",
        "东城智能制造产业园一期",
        land_status=LandStatus.PENDING,
        build_on_grant=True,
    )
    for run in services.apply_pre_review(
        enterprise, p3, form_data=FORM, materials=materials, today=today
    ):
        services.accept_stage(clerk, run, window=services.window_for(1), today=today)
    # 4. a key project the agent carries with the applicant's 委托书
    p4 = new("DEMO-2026-0004", "广利港物流园冷链仓储项目", is_key=True)
    services.record_mandate(
        enterprise,
        p4,
        agent=agent,
        document_number="东审代〔2026〕016号",
        scope=[s.value for s in MandateScope],
        signed_on=start,
        expires_on=date(today.year + 1, 6, 30),
    )
    services.assign_group(agent, p4, AgentGroup.objects.get(code="GCJS"))
    services.apply_stage(agent, p4, "planning", form_data=FORM, materials=materials, today=today)
    services.log_contact(
        agent, p4, kind=ContactKind.VISIT, summary="上门走访，梳理四个阶段的事项清单", on=start
    )
    services.set_service_plan(
        agent, p4, plan="专班代办：立项用地规划许可15个工作日、施工许可3个工作日内办结"
    )
    services.add_milestone(agent, p4, title="取得施工许可证", due_on=today + timedelta(days=60))
    # 5. stage 1 accepted today: the 备案 is a case on the 发改局's cases worklist (0041)
    p5 = new("DEMO-2026-0005", "西城新材料科技园研发楼")
    through(p5, "planning", today, decide=False)
    # 6. the 施工许可 stage accepted today: the 施工许可证 is a case on the 住建局's worklist
    p6 = new("DEMO-2026-0006", "东营区第二实验学校综合楼", project_type=ProjectType.PUBLIC)
    through(p6, "planning", start)
    through(p6, "works_permit", calendar.add_workdays(start, 5))
    through(p6, "construction_permit", today, decide=False)
    from .city import retry_pushes

    retry_pushes()
    return 6
