"""Decision 0041: the investment procedure (备案/核准/审批) of the first stage and the
parallel items of the 施工许可 stage are real cases once the catalogue publishes them:
started, accepted and dispatched through the cases services, on the departments' cases
worklists with the cases clocks, sign-off levels and certificates; the project's stage
follows their decisions."""

from datetime import date

import pytest
from django.utils import timezone

from onewindow.accounts.constants import Role
from onewindow.cases import selectors as case_selectors
from onewindow.cases import services as cases
from onewindow.cases.constants import CaseStatus, Decision, TaskStatus
from onewindow.cases.models import SignoffGrant
from onewindow.core.errors import Conflict
from onewindow.projects import config, services
from onewindow.projects.constants import ReviewStatus, RunStatus
from onewindow.projects.models import Permit, StageItem
from tests.accounts.factories import UserFactory
from tests.catalog.factories import ServiceItemFactory

from .helpers import ALL_MATERIALS, FORM, build_world, decide_all, social_project

pytestmark = pytest.mark.django_db


def _publish_case_items(w):
    """The departments publish the procedure and 施工许可 items in the catalogue."""
    for stage_code, items in config.ITEMS.items():
        for code, dept, name, _options in items:
            if config.handled_as_case(stage_code, code):
                ServiceItemFactory(
                    code=config.catalogue_code(code),
                    department=w.departments[dept],
                    name=name,
                    published=True,
                    with_materials=1,
                    applicant_type="organisation",
                )
    return services.load_configuration()["cases"]


def _through(w, project, stage, today):
    run = services.apply_stage(
        w.enterprise, project, stage, form_data=FORM, materials=ALL_MATERIALS, today=today
    )
    return services.accept_stage(w.clerk, run, window=w.windows["B01"], today=today)


def test_procedure_and_construction_permit_items_are_cases_the_stages_follow():
    w = build_world()
    linked = _publish_case_items(w)
    assert linked == 14  # PL-01..03 and the 11 items of the 施工许可 stage
    assert StageItem.objects.get(code="PL-05").service_item is None  # not a case
    project = social_project(w)
    today = timezone.localdate()

    planning = _through(w, project, "planning", today)
    by_code = {r.item.code: r for r in planning.reviews.select_related("item", "case")}
    filing = by_code["PL-01"]  # 备案: the project's procedure
    assert filing.case is not None and "PL-02" not in by_code
    assert all(r.case is None for c, r in by_code.items() if c != "PL-01")
    case = filing.case
    assert case.applicant == w.enterprise and case.status == CaseStatus.IN_REVIEW
    assert case.statutory_clock is not None and case.promised_clock is not None
    [task] = case.tasks.all()
    assert task.department == w.departments["ST-FGJ"] and task.status == TaskStatus.PENDING
    worklist = case_selectors.worklist(w.approvers["ST-FGJ"])
    assert task in list(worklist)  # on the department's cases worklist

    decide_all(w, planning, today)
    case.refresh_from_db()
    filing.refresh_from_db()
    assert case.decision == Decision.APPROVED and filing.status == ReviewStatus.APPROVED
    planning.refresh_from_db()
    assert planning.status == RunStatus.DONE

    works = _through(w, project, "works_permit", today)
    assert not works.reviews.filter(case__isnull=False).exists()
    decide_all(w, works, today)

    permit_run = _through(w, project, "construction_permit", today)
    reviews = list(permit_run.reviews.select_related("case", "department"))
    assert reviews and all(r.case is not None for r in reviews)
    assert {r.department.code for r in reviews} == {"ST-ZJJ", "ST-RFB"}  # in parallel
    decide_all(w, permit_run, today)
    permit_run.refresh_from_db()
    assert permit_run.status == RunStatus.DONE
    assert Permit.objects.filter(run=permit_run, kind="construction").exists()
    assert all(r.case.decision == Decision.APPROVED for r in permit_run.reviews.all())


def test_a_case_decided_on_the_cases_worklist_with_sign_off_levels_decides_the_item(
    settings, client
):
    settings.CASES_SIGNOFF_LEVELS = "handle,sign"
    w = build_world()
    _publish_case_items(w)
    project = social_project(w)
    today = timezone.localdate()
    run = _through(w, project, "planning", today)
    filing = run.reviews.get(item__code="PL-01")
    handler = w.approvers["ST-FGJ"]
    services.decide_item(handler, filing, approve=True, today=today)  # 承办 only
    filing.refresh_from_db()
    assert filing.status == ReviewStatus.PENDING  # waits for 签发
    signer = UserFactory(role=Role.APPROVER, department=w.departments["ST-FGJ"])
    SignoffGrant.objects.create(user=signer, level="sign")
    task = filing.case.tasks.get()
    cases.decide_task(signer, task, False, "项目不符合产业政策")  # on the cases worklist
    filing.refresh_from_db()
    assert filing.status == ReviewStatus.REFUSED
    assert "产业政策" in str(filing.opinion) and filing.decided_by == signer
    with pytest.raises(Conflict):
        services.decide_item(handler, filing, approve=True, today=today)
    # the project keeps its stage view, linking to the case
    client.force_login(handler)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert filing.case.number in page and "不予许可" in page


def test_a_pre_review_opens_no_case():
    w = build_world()
    _publish_case_items(w)
    project = social_project(w, build_on_grant=True)
    runs = services.apply_pre_review(
        w.enterprise, project, form_data=FORM, materials=ALL_MATERIALS, today=date(2026, 3, 2)
    )
    for run in runs:
        run = services.accept_stage(w.clerk, run, today=date(2026, 3, 2))
        assert not run.reviews.filter(case__isnull=False).exists()


def _load_demo_catalogue_items(w, codes):
    """The demo catalogue's own items (catalog/demo_data), created as its loader does."""
    from onewindow.catalog import demo as catalog_demo
    from onewindow.catalog import services as catalog

    for payload in catalog_demo.item_payloads():
        if payload["code"] in codes:
            catalog.create_item(
                None,
                code=payload["code"],
                department=w.departments[payload["department"]],
                guide=payload["guide"],
                materials=payload["materials"],
                form_fields=payload["form_fields"],
                steps=payload["steps"],
                publish=True,
            )


def test_the_demo_catalogue_items_handle_the_procedure_and_the_construction_permit():
    w = build_world()
    _load_demo_catalogue_items(w, set(config.CATALOGUE_CODES.values()))
    linked = services.load_configuration()["cases"]
    assert linked == len(config.CATALOGUE_CODES)
    filing_item = StageItem.objects.get(code="PL-01")
    assert filing_item.service_item.code == "37050200FGJ-QT-0001"
    assert StageItem.objects.get(code="CP-01").service_item.code == "37050200ZJJ-XK-0001"
    assert StageItem.objects.get(code="CP-02").service_item is None  # no catalogue item
    assert services.load_configuration()["cases"] == 0  # idempotent

    project = social_project(w)
    today = timezone.localdate()
    run = _through(w, project, "planning", today)
    filing = run.reviews.select_related("case").get(item__code="PL-01")
    case = filing.case
    assert case.item_version.item.code == "37050200FGJ-QT-0001"
    [task] = case.tasks.all()
    assert task.department == w.departments["ST-FGJ"]
    assert task in list(case_selectors.worklist(w.approvers["ST-FGJ"]))
    assert task not in list(case_selectors.worklist(w.approvers["ST-ZRJ"]))

    # the 发改局 decides the case on its cases worklist: the project's review follows
    task = cases.start_review(w.approvers["ST-FGJ"], task)
    cases.decide_task(w.approvers["ST-FGJ"], task, True, "予以备案")
    filing.refresh_from_db()
    case.refresh_from_db()
    assert case.decision == Decision.APPROVED
    assert filing.status == ReviewStatus.APPROVED and filing.decided_by == w.approvers["ST-FGJ"]
    for review in run.reviews.filter(status=ReviewStatus.PENDING).select_related("department"):
        services.decide_item(w.approvers[review.department.code], review, approve=True, today=today)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE


def test_a_catalogue_item_of_another_department_takes_the_stage_item_with_it(settings):
    settings.PROJECTS_CATALOGUE_CODES = {"PL-01": "ZRJ-BA-01"}
    w = build_world()
    ServiceItemFactory(
        code="ZRJ-BA-01",
        department=w.departments["ST-ZRJ"],
        name="企业投资项目备案",
        published=True,
        with_materials=1,
        applicant_type="organisation",
    )
    services.load_configuration()
    item = StageItem.objects.get(code="PL-01")
    assert item.service_item.code == "ZRJ-BA-01"
    assert item.department == w.departments["ST-ZRJ"]  # the catalogue item's department
    run = _through(w, social_project(w), "planning", timezone.localdate())
    filing = run.reviews.get(item__code="PL-01")
    assert filing.department == w.departments["ST-ZRJ"]
    assert filing.case.tasks.get().department == w.departments["ST-ZRJ"]
