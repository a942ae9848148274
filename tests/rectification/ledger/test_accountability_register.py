"""Issue 14 item 8: the accountability register (问责) with the office's list of forms,
the progress report's counts by form in the office's words, the measures, the
sub-categories, 巡视 or 巡察, and close-outs confirmed by the 巡察办 (not the resident
discipline officer)."""

from datetime import date

import pytest
from django.urls import reverse

from onewindow.accounts.constants import Role
from onewindow.core.errors import InvalidInput, PermissionDenied
from onewindow.rectification.constants import InspectionKind, MeasureStatus
from onewindow.rectification.ledger import services as ledger
from onewindow.rectification.ledger.selectors import ledger_counts
from onewindow.rectification.models import Accountability, AccountabilityType
from onewindow.rectification.report.compose import compose
from tests.accounts.factories import UserFactory
from tests.rectification.factories import close, inspection_, measure_, problem_


@pytest.fixture
def office(db):
    return UserFactory(role=Role.OFFICE)


def _hold(problem, name, kind, actor, **extra):
    return ledger.add_accountability(
        problem, person_name=name, kind=kind, decided_on=date(2020, 5, 1), actor=actor, **extra
    )


def test_the_list_is_seeded_from_the_regulation_and_the_four_forms(db):
    names = list(AccountabilityType.objects.values_list("name", flat=True))
    for name in ("通报批评", "诫勉谈话", "党纪处分", "组织处理", "第一种形态", "第四种形态"):
        assert name in names


def test_the_office_adds_a_form_in_its_words_and_the_report_counts_by_it(
    db, office, discipline, unit
):
    row = ledger.add_accountability_type(office, name="约谈")
    with pytest.raises(InvalidInput, match="已有同名"):
        ledger.add_accountability_type(office, name="约谈")
    with pytest.raises(PermissionDenied):
        ledger.add_accountability_type(UserFactory(role=Role.CLERK), name="警示")
    inspection = inspection_()
    problem = problem_(inspection, number=1)
    measure_(problem, unit=unit)
    _hold(problem, "张某", row.code, discipline, document_number="东审批党发〔2020〕5号")
    _hold(problem, "李某", row.code, discipline)
    _hold(problem, "王某", "admonition_talk", discipline)
    record = Accountability.objects.get(person_name="张某")
    assert record.document_number == "东审批党发〔2020〕5号" and record.kind_name == "约谈"
    opening = compose(inspection)["opening"]
    assert "追责问责3人（其中诫勉谈话1人次、约谈2人次）" in opening
    # Reworded by the office: the report follows, the records keep their form.
    ledger.rename_accountability_type(office, row, name="提醒约谈")
    assert "提醒约谈2人次" in compose(inspection)["opening"]


def test_a_form_not_on_the_list_or_a_future_date_saves_nothing(db, discipline):
    problem = problem_(inspection_(), number=1)
    with pytest.raises(InvalidInput) as caught:
        ledger.add_accountability(
            problem,
            person_name="张某",
            kind="no_such_form",
            decided_on=date(2999, 1, 1),
            actor=discipline,
        )
    assert set(caught.value.errors) == {"kind", "decided_on"}
    assert not Accountability.objects.exists()


def test_the_report_states_measures_subcategories_and_the_inspections_word(db, unit, leader):
    inspection = inspection_(
        kind=InspectionKind.XUNSHI, inspection_group="省委第一巡视组", round_name="十一届省委第三轮"
    )
    top = ledger.add_category(inspection, title="政治建设方面")
    sub = ledger.add_category(inspection, title="理论学习", parent=top)
    problem = problem_(inspection, number=1, category=sub)
    first = measure_(problem, unit=unit)
    measure_(problem, unit=unit)
    close(first, leader)
    report = compose(inspection)
    assert "反馈的1个方面1类1个问题" in report["opening"]
    assert "制定整改措施2项，已完成销号1项" in report["opening"]
    assert "巡察" not in report["opening"] + report["title"]
    assert "进行了巡视" in report["opening"] and report["title"].endswith("巡视整改进展情况的通报")
    assert "巡察" not in "".join(p["text"] for p in report["work_done"]["paragraphs"])
    # The office may leave the measures out.
    assert "整改措施" not in compose(inspection, {"state_measures": False})["opening"]
    assert ledger_counts(inspection)["subcategories"] == 1


def test_the_issuing_body_comes_from_the_bureaus_settings(db, settings):
    settings.RECTIFICATION_REPORT_ISSUING_BODY = "中共某县政务服务管理局党组"
    report = compose(inspection_())
    assert report["title"].startswith("中共某县政务服务管理局党组关于")
    assert report["signature"] == "中共某县政务服务管理局党组"


def test_only_the_inspection_office_confirms_on_the_measure_page(
    client, db, unit, leader, discipline, inspection_office, settings
):
    settings.RECTIFICATION_REQUIRE_CONFIRMATION = True
    measure = measure_(problem_(inspection_(), number=1), unit=unit)
    close(measure, leader)
    url = reverse("rectification:measure", args=[measure.pk])
    client.force_login(discipline)
    assert 'value="confirm"' not in client.get(url).content.decode()
    assert client.post(url, {"action": "confirm"}).status_code == 404
    client.force_login(inspection_office)
    assert 'value="confirm"' in client.get(url).content.decode()
    response = client.post(url, {"action": "confirm", "confirm-note": "经核查属实"})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.CLOSED and measure.confirmed_by == inspection_office


def test_the_register_and_the_list_of_forms_pages(client, db, office, discipline, unit):
    inspection = inspection_()
    problem = problem_(inspection, number=1)
    _hold(problem, "张某", "criticism_notice", discipline, document_number="东审批党字〔2020〕3号")
    register = reverse("rectification:accountability_register", args=[inspection.pk])
    types = reverse("rectification:accountability_types")
    client.force_login(discipline)
    page = client.get(register).content.decode()
    assert "张某" in page and "通报批评" in page and "东审批党字〔2020〕3号" in page
    client.force_login(office)
    assert client.get(register).status_code == 404  # the office keeps the list, not the ledger
    assert client.post(types, {"name": ""}).status_code == 400
    response = client.post(types, {"name": "责令公开道歉"})
    assert response.status_code == 302
    assert AccountabilityType.objects.filter(name="责令公开道歉").exists()
    client.force_login(UserFactory(role=Role.CLERK))
    assert client.get(types).status_code == 404


def test_the_inspection_office_has_a_home_panel_and_the_ledger_in_its_navigation(
    client, db, unit, leader, inspection_office, settings
):
    settings.RECTIFICATION_REQUIRE_CONFIRMATION = True
    close(measure_(problem_(inspection_(), number=1), unit=unit), leader)
    client.force_login(inspection_office)
    page = client.get(reverse("dashboard:home")).content.decode()
    assert "待确认销号的整改措施" in page and reverse("rectification:ledger") in page
