"""A small world for project tests: the 7 departments, the configuration, a clerk, an
approver per department, an enterprise and an agent."""

from datetime import date

from onewindow.accounts.constants import Role
from onewindow.core.workdays.services import seed_from_package
from onewindow.org.models import ServiceSite, Window
from onewindow.projects import config, services
from onewindow.projects.constants import MandateScope
from tests.accounts.factories import DepartmentFactory, UserFactory

DEPARTMENTS = {
    "ST-FGJ": "区发展和改革局",
    "ST-ZRJ": "区自然资源局",
    "ST-ZJJ": "区住房和城乡建设局",
    "ST-STHJ": "区生态环境分局",
    "ST-JTJ": "区交通运输局",
    "ST-SWJ": "区水务局",
    "ST-RFB": "区人防办",
}

ALL_MATERIALS = sorted({m for stage in config.STAGES for m in stage[6].split()})
FORM = {
    "design_unit": "东营市建筑设计研究院",
    "building_area": "12000",
    "builder_name": "山东黄河建工集团",
    "supervisor_name": "东营诚信监理公司",
    "contract_price": "5600",
    "completion_date": "2026-11-30",
    "building_count": "3",
}


class World:
    pass


def build_world(years=(2025, 2026, 2027)):
    seed_from_package(list(years))
    w = World()
    w.departments = {
        code: DepartmentFactory(code=code, name=name, approves_construction=True)
        for code, name in DEPARTMENTS.items()
    }
    services.load_configuration()
    hall = ServiceSite.objects.create(code="DYQ-HALL", name="区政务服务中心", kind="service_hall")
    w.windows = {
        n: Window.objects.create(site=hall, number=n, name=f"{n}综合窗口", kind="general")
        for n in config.CONSTRUCTION_WINDOWS
    }
    w.clerk = UserFactory(role=Role.CLERK, username="clerk_b03")
    w.approvers = {
        code: UserFactory(role=Role.APPROVER, department=dept, username=f"ap_{code[3:].lower()}")
        for code, dept in w.departments.items()
    }
    w.enterprise = UserFactory(
        enterprise=True, username="investor", display_name="黄河置业有限公司"
    )
    w.agent = UserFactory(role=Role.AGENT, username="agent_zm", display_name="赵敏")
    w.leader = UserFactory(role=Role.LEADER, username="leader1")
    return w


def social_project(w, *, code="2026-370502-47-03-000001", build_on_grant=False, is_key=False):
    return services.create_project(
        w.enterprise,
        name="黄河口科创园一期",
        code=code,
        investor_name="黄河置业有限公司",
        kind="social",
        procedure="filing",
        project_type="industrial",
        location="东营区府前大街以南",
        investment="28000",
        land_status="pending" if build_on_grant else "granted",
        build_on_grant=build_on_grant,
        is_key=is_key,
    )


def mandate(w, project, *, signed_on=date(2026, 1, 5), expires_on=date(2026, 12, 31)):
    return services.record_mandate(
        w.enterprise,
        project,
        agent=w.agent,
        document_number="WT-2026-001",
        scope=[s.value for s in MandateScope],
        signed_on=signed_on,
        expires_on=expires_on,
    )


def decide_all(w, run, today, approve=True):
    for review in run.reviews.all():
        dept_code = review.department.code
        services.decide_item(
            w.approvers[dept_code], review, approve=approve, opinion="", today=today
        )
