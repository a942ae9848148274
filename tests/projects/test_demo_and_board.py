"""The demo: 130 key projects on the board by agent group with their stage; the seed's
2020 figures in the statistics; today's work for every role; loading twice adds nothing."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from onewindow.accounts import demo as accounts_demo
from onewindow.accounts.models import User
from onewindow.core.workdays.services import seed_from_package
from onewindow.org import demo as org_demo
from onewindow.projects import demo, statistics
from onewindow.projects.models import AgentGroup, Project, StageItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world():
    seed_from_package([2020, 2025, 2026, 2027])
    org_demo.load_network()
    accounts_demo.load_users(extra_staff_per_department=1, citizens=1)
    demo.load_projects()


def _login(client, username):
    client.force_login(User.objects.get(username=username))


def test_the_board_lists_the_130_key_projects_by_agent_group(client, demo_world):
    assert AgentGroup.objects.count() == 11
    assert StageItem.objects.filter(is_construction_system=True).count() == 47
    assert StageItem.objects.values("department").distinct().count() == 7
    _login(client, "agent")
    response = client.get(reverse("projects:board"))
    assert response.status_code == 200
    html = response.content.decode()
    keys = Project.objects.filter(is_key=True)
    assert keys.filter(code__startswith="KEY-").count() == 130
    assert keys.filter(code__startswith="KEY-").values("agent_group").distinct().count() == 5
    assert html.count('data-testid="board-row"') == keys.count()  # 130 + the demo's one
    for project in keys.filter(code__startswith="KEY-")[:10]:
        assert project.name in html
    for name in ("工程建设", "住建", "企业开办", "不动产", "文教卫生"):
        assert name in html
    assert "施工许可阶段" in html and "竣工验收阶段" in html


def test_the_seed_2020_figures_come_from_the_demo_data(client, demo_world):
    figures = dict((str(k), v) for k, v in statistics.report(2020)["figures"])
    assert figures == {
        "投资项目备案": 509,
        "投资项目核准": 3,
        "投资项目审批": 76,
        "施工许可": 86,
        "商品房预售许可": 4,
        "房地产开发企业资质": 16,
        "竣工验收备案（栋）": 228,
        "建筑企业资质": 11,
    }
    _login(client, "leader")
    response = client.get(reverse("projects:statistics_export") + "?year=2020")
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert ("竣工验收备案（栋）", 228) in rows


def test_today_work_waits_for_each_role_and_a_second_load_adds_nothing(client, demo_world):
    before = Project.objects.count()
    demo.load_projects()
    assert Project.objects.count() == before
    _login(client, "clerk")
    p1 = Project.objects.get(code="DEMO-2026-0001")
    assert (
        "受理施工许可阶段" in client.get(reverse("projects:detail", args=[p1.pk])).content.decode()
    )
    _login(client, "agent")
    p4 = Project.objects.get(code="DEMO-2026-0004")
    page = client.get(reverse("projects:detail", args=[p4.pk])).content.decode()
    assert "代办" in page and "立项用地规划许可阶段" in page


def test_with_the_catalogue_the_demo_projects_have_cases_on_the_worklists(db):
    """core/demo.py loads the catalogue before the projects: the demo's projects accepted
    this year then hold real cases of the catalogue's items (decision 0041)."""
    from onewindow.cases import selectors as case_selectors
    from onewindow.catalog import demo as catalog_demo
    from onewindow.catalog import services as catalog
    from onewindow.org.models import Department
    from onewindow.projects import config
    from onewindow.projects.models import Review

    seed_from_package([2020, 2025, 2026, 2027])
    org_demo.load_network()
    accounts_demo.load_users(extra_staff_per_department=1, citizens=1)
    codes = set(config.CATALOGUE_CODES.values())
    for payload in catalog_demo.item_payloads():
        if payload["code"] in codes:
            catalog.create_item(
                None,
                code=payload["code"],
                department=Department.objects.get(code=payload["department"]),
                guide=payload["guide"],
                materials=payload["materials"],
                form_fields=payload["form_fields"],
                steps=payload["steps"],
                publish=True,
            )
    demo.load_projects()

    def pending_case(project_code, item_code):
        review = Review.objects.select_related("case").get(
            run__project__code=project_code, item__code=item_code
        )
        assert review.case is not None and review.case.created_at.year != 2020
        return review.case.tasks.get()

    for project_code, item_code, dept in (
        ("DEMO-2026-0005", "PL-01", "ST-FGJ"),
        ("DEMO-2026-0006", "CP-01", "ST-ZJJ"),
    ):
        approver = (
            User.objects.filter(department__code=dept, role_grants__role="approver")
            .order_by("username")
            .first()
        )
        assert pending_case(project_code, item_code) in list(case_selectors.worklist(approver))
    # the projects that went through stage 1 hold decided 备案 cases
    decided = Review.objects.get(run__project__code="DEMO-2026-0001", item__code="PL-01")
    assert decided.case is not None and decided.case.decision
    assert not Review.objects.filter(
        run__project__code__startswith="H2020-", case__isnull=False
    ).exists()
