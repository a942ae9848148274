"""The cases API: apply and submit in one call, my cases, a case and its timeline, the worklist.

Through the real URLs with a bearer token (as clients and kiosks call it) or a session.
"""

import json

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext

from onewindow.accounts.services import issue_api_token
from onewindow.cases import services
from onewindow.cases.models import Case, CaseMaterial, DepartmentTask
from onewindow.core.audit.models import AuditEvent
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.cases import factories as f

pytestmark = pytest.mark.django_db

APPLY = "/api/cases/apply"


def bearer(user) -> dict:
    """A token with every scope the account may hold: these tests are about cases."""
    scopes = ["read", "apply"] + (["staff"] if user.kind == "staff" else [])
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_api_token(user, '测试', scopes=scopes)}"}


def post(url, body, **headers):
    return Client().post(url, json.dumps(body), content_type="application/json", **headers)


SHOP_FORM = [
    {"key": "shop_name", "label": "店铺名称", "field_type": "text"},
    {"key": "area", "label": "面积", "field_type": "number"},
]
REP_FORM = [
    {"key": "legal_id", "label": "法定代表人身份证号", "field_type": "id_number"},
    {"key": "contact", "label": "联系电话", "field_type": "phone"},
]


def material_ids(item) -> dict[str, int]:
    return {m.name: m.material_type_id for m in item.published_version.materials.all()}


def test_a_citizen_applies_and_submits_in_one_call_with_a_token():
    citizen = UserFactory(citizen=True)
    item = f.item(form_fields=SHOP_FORM)
    ids = material_ids(item)
    response = post(
        APPLY,
        {
            "item": item.code,
            "form_data": {"shop_name": "东营区某餐馆", "area": "120"},
            "supplied": [ids["身份证明"], ids["营业执照"]],
        },
        **bearer(citizen),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "submitted"
    assert body["status_label"] == "待受理"
    assert body["item"] == {"code": item.code, "name": item.published_version.name, "version": 1}
    case = Case.objects.get(number=body["number"])
    assert case.applicant == citizen
    assert case.channel == "online"
    assert case.form_data == {"shop_name": "东营区某餐馆", "area": 120}
    statuses = dict(case.materials.values_list("name", "status"))
    assert statuses == {"身份证明": "supplied", "营业执照": "supplied", "场地证明": "missing"}
    actions = set(
        AuditEvent.objects.filter(object_id=str(case.pk), object_type="cases.case").values_list(
            "action", flat=True
        )
    )
    assert actions == {"case.start", "case.submit"}


def test_a_material_that_is_not_the_items_leaves_nothing_behind():
    citizen = UserFactory(citizen=True)
    item = f.item()
    other = f.item()
    foreign = next(iter(material_ids(other).values())) + 10_000
    cases_before, audit_before = Case.objects.count(), AuditEvent.objects.count()
    response = post(APPLY, {"item": item.code, "supplied": [foreign]}, **bearer(citizen))
    assert response.status_code == 400
    assert response.json()["detail"] == "所列材料不属于本办件"
    assert Case.objects.count() == cases_before
    assert CaseMaterial.objects.count() == 0
    # Only the token's own issue was audited meanwhile.
    assert AuditEvent.objects.count() == audit_before + 1


def test_an_unknown_item_is_404_and_no_item_at_all_is_400():
    token = bearer(UserFactory(citizen=True))
    response = post(APPLY, {"item": "NO-SUCH-ITEM"}, **token)
    assert response.status_code == 404
    assert response.json()["detail"] == "该事项暂无可办理的现行版本"
    response = post(APPLY, {"form_data": {}}, **token)
    assert response.status_code == 400
    assert response.json()["detail"] == "请选择要申请的事项或一件事"
    assert Case.objects.count() == 0


def test_form_data_that_cannot_be_stored_is_a_400_not_a_500():
    token = bearer(UserFactory(citizen=True))
    item = f.item()
    raw = '{"item": "%s", "form_data": {"面积": NaN}}' % item.code
    response = Client().post(APPLY, raw, content_type="application/json", **token)
    assert response.status_code == 400
    assert "表单内容" in response.json()["detail"]
    response = post(APPLY, {"item": item.code, "supplied": [0]}, **token)
    assert response.status_code == 400
    assert response.json()["detail"].startswith("请求参数有误")
    assert Case.objects.count() == 0


def test_without_a_login_or_with_a_forged_token_the_api_says_401():
    item = f.item()
    assert post(APPLY, {"item": item.code}).status_code == 401
    response = post(APPLY, {"item": item.code}, HTTP_AUTHORIZATION="Bearer ow_forged")
    assert response.status_code == 401
    assert response.json()["detail"] == "请先登录或提供有效的接口令牌"
    for url in ("/api/cases/mine", "/api/cases/worklist", "/api/cases/DY20260101000001"):
        assert Client().get(url).status_code == 401
    assert Case.objects.count() == 0


def test_a_session_post_needs_the_csrf_token():
    citizen = UserFactory(citizen=True)
    item = f.item()
    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen)
    response = client.post(APPLY, json.dumps({"item": item.code}), content_type="application/json")
    assert response.status_code == 403
    assert Case.objects.count() == 0


def test_my_cases_lists_only_my_own_newest_first():
    me, other = UserFactory(citizen=True), UserFactory(citizen=True)
    item = f.item()
    first = f.submitted_case(item, applicant=me)
    second = f.draft_case(item, applicant=me)
    f.submitted_case(item, applicant=other)
    client = Client(**bearer(me))
    client.get("/api/cases/mine")  # the token's first use is written down once
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/cases/mine").json()
    # The token and its user's roles come from the cache; no count: one query, the page.
    assert len(queries) == 1
    assert body["next"] is None
    assert [c["number"] for c in body["items"]] == [second.number, first.number]
    assert body["items"][0]["item"]["code"] == item.code
    body = client.get("/api/cases/mine?status=submitted").json()
    assert [c["number"] for c in body["items"]] == [first.number]
    assert client.get("/api/cases/mine?status=nonsense").status_code == 400


def test_a_case_shows_to_its_applicant_and_its_department_and_is_404_to_others():
    department = DepartmentFactory()
    item = f.item(department=department, form_fields=REP_FORM)
    applicant = UserFactory(citizen=True)
    case = f.draft_case(item, applicant=applicant)
    services.submit(
        applicant,
        case,
        supplied=f.ids(case, *f.CORE, f.CONDITIONAL),
        form_data={"legal_id": "370502199001011233", "contact": "13812345678"},
    )
    url = f"/api/cases/{case.number}"

    response = Client().get(url, **bearer(applicant))
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == case.number
    assert body["status"] == "submitted"
    assert [m["name"] for m in body["materials"]] == [*f.CORE, f.CONDITIONAL]
    assert {m["status"] for m in body["materials"]} == {"supplied"}
    # Personal data typed into the form comes back masked.
    assert body["form_data"] == {"legal_id": "370***********1233", "contact": "138****5678"}
    assert "370502199001011233" not in response.content.decode()

    assert Client().get(url, **bearer(f.approver(department))).status_code == 200
    for stranger in (UserFactory(citizen=True), f.approver()):
        response = Client().get(url, **bearer(stranger))
        assert response.status_code == 404
        assert response.json()["detail"] == "未找到该记录，或您无权查看"
        assert Client().get(url + "/timeline", **bearer(stranger)).status_code == 404


def test_the_timeline_lists_each_step_in_order():
    case = f.accepted_case()
    response = Client().get(f"/api/cases/{case.number}/timeline", **bearer(case.applicant))
    assert response.status_code == 200
    steps = [(e["action"], e["label"], e["status_to"]) for e in response.json()]
    assert steps == [("submit", "提交申请", "submitted"), ("accept", "受理", "accepted")]


def test_an_unknown_case_number_is_404():
    citizen = UserFactory(citizen=True)
    response = Client().get("/api/cases/DY20260101000001", **bearer(citizen))
    assert response.status_code == 404


def _in_review(department, item=None):
    case = f.accepted_case(the_item=item) if item else f.accepted_case()
    services.dispatch(f.clerk(), case, [department])
    return Case.objects.get(pk=case.pk)


def test_the_worklist_shows_my_departments_open_tasks_most_urgent_first(calendar_2026):
    department, elsewhere = DepartmentFactory(), DepartmentFactory()
    slow = f.item(promised_limit_days=15, statutory_limit_days=20)
    fast = f.item(promised_limit_days=2, statutory_limit_days=20)
    later = _in_review(department, slow)
    sooner = _in_review(department, fast)
    _in_review(elsewhere, fast)
    decided = _in_review(department, fast)
    approver = f.approver(department)
    task = decided.tasks.get()
    services.start_review(approver, task)
    services.decide_task(approver, decided.tasks.get(), approve=True)

    client = Client(**bearer(approver))
    client.get("/api/cases/worklist")  # the token's first use is written down once
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/cases/worklist")
    assert response.status_code == 200, response.content
    assert len(queries) == 1  # the page (token and roles cached, no count), whatever its length
    body = response.json()
    assert len(body["items"]) == 2 and body["next"] is None
    assert [t["case"] for t in body["items"]] == [sooner.number, later.number]
    first = body["items"][0]
    assert first["status"] == "pending"
    assert first["status_label"] == "待审查"
    assert first["case_status"] == "in_review"
    assert first["due_on"] == sooner.promised_clock.due_date.isoformat()
    assert first["level"] in {"normal", "yellow", "red"}
    assert first["item"] == fast.published_version.name


def test_the_worklist_is_for_department_approvers_only():
    # A citizen's token cannot even carry the staff scope; a clerk's can, and the worklist
    # itself refuses them.
    for user, detail in (
        (UserFactory(citizen=True), "该接口令牌没有“工作人员业务”权限"),
        (f.clerk(), "仅部门审批人员可查看本部门待办"),
    ):
        response = Client().get("/api/cases/worklist", **bearer(user))
        assert response.status_code == 403
        assert response.json()["detail"] == detail


def test_the_worklist_api_pages_by_cursor_through_every_task_in_order(calendar_2026):
    department = DepartmentFactory()
    limits = (2, 15, 2, 5, 2)
    for days in limits:
        _in_review(department, f.item(promised_limit_days=days, statutory_limit_days=20))
    # A task whose due date is not yet known sorts last.
    DepartmentTask.objects.filter(pk=DepartmentTask.objects.order_by("pk")[0].pk).update(
        due_on=None
    )
    expected = [
        t.case.number
        for t in DepartmentTask.objects.select_related("case").order_by(
            F("due_on").asc(nulls_last=True), "pk"
        )
    ]
    client = Client(**bearer(f.approver(department)))
    seen, after = [], ""
    for _page in range(5):
        body = client.get(f"/api/cases/worklist?page_size=2&after={after}").json()
        seen += [t["case"] for t in body["items"]]
        after = body["next"]
        if after is None:
            break
    assert seen == expected
    assert (
        client.get("/api/cases/worklist?after=nonsense").json()["items"][0]["case"] == (expected[0])
    )
