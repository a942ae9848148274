"""Only the audit administrator browses, filters and exports the log (三员分立).

Everyone else, the system and security administrators included, is told the pages do
not exist (404); anonymous visitors are sent to the login page.
"""

import datetime
import io

import pytest
from django.contrib.admin.sites import site as admin_site
from django.test import RequestFactory
from django.utils import timezone
from openpyxl import load_workbook

from onewindow.accounts.constants import Role
from onewindow.core.audit import record
from onewindow.core.audit.constants import EXPORT, LOGIN, LOGIN_FAILED, ROLE_GRANT, Result
from onewindow.core.audit.models import AuditEvent
from onewindow.core.audit.selectors import can_read_audit
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/audit/"
EXPORT_URL = "/audit/export.xlsx"
API_URL = "/api/audit/events"
OTHERS = [
    Role.SYSTEM_ADMIN,
    Role.SECURITY_ADMIN,
    Role.CLERK,
    Role.APPROVER,
    Role.LEADER,
    Role.SUPERVISOR,
    Role.DISCIPLINE_OFFICER,
    Role.CITIZEN,
]


@pytest.fixture
def auditor():
    return UserFactory(role=Role.AUDIT_ADMIN, username="auditor", display_name="冯审计")


@pytest.fixture
def auditor_client(client, auditor):
    # Signing in is itself audited, so it happens before the events under test.
    client.force_login(auditor)
    return client


@pytest.fixture
def events(auditor_client):
    alice = UserFactory(username="alice", display_name="王小丽")
    bob = UserFactory(username="bob", display_name="赵大成")
    return [
        record(LOGIN, actor=alice, summary="登录成功"),
        record(LOGIN_FAILED, actor=bob, result=Result.FAILURE, summary="密码错误 13812345678"),
        record(ROLE_GRANT, actor=alice, obj=bob, after={"role": "clerk"}, summary="授予窗口角色"),
    ]


def _ids(response) -> list[int]:
    return [row["id"] for row in response.context["rows"]]


def _all_ids() -> list[int]:
    return list(AuditEvent.objects.order_by("-id").values_list("id", flat=True))


def test_only_the_audit_admin_can_read_the_audit_log(auditor):
    assert can_read_audit(auditor)
    for role in OTHERS:
        assert not can_read_audit(UserFactory(role=role)), role
    assert not can_read_audit(None)
    auditor.is_active = False
    assert not can_read_audit(auditor)


def test_anonymous_visitors_are_sent_to_login(client):
    for url in (LIST_URL, EXPORT_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", OTHERS)
def test_everyone_else_gets_not_found(client, events, role):
    client.force_login(UserFactory(role=role))
    assert client.get(LIST_URL).status_code == 404
    assert client.get(EXPORT_URL).status_code == 404
    assert client.get(API_URL).status_code == 404
    assert not AuditEvent.objects.filter(action=EXPORT).exists()


def test_the_audit_admin_sees_the_newest_first_with_personal_data_masked(auditor_client, events):
    response = auditor_client.get(LIST_URL)
    assert response.status_code == 200
    assert _ids(response) == _all_ids()
    assert _ids(response)[:3] == [e.pk for e in reversed(events)]
    page = response.content.decode()
    assert "授予角色" in page and "王小丽" in page
    assert "138****5678" in page
    assert "13812345678" not in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"action": LOGIN_FAILED}, [1]),
        ({"actor": "小丽"}, [2, 0]),
        ({"result": "failure"}, [1]),
        ({"object": "赵大成"}, [2]),
        ({"action": ROLE_GRANT, "object_type": "accounts.user"}, [2]),
        ({"object_type": "cases.case"}, []),
        ({"action": LOGIN, "actor": "大成"}, []),
    ],
)
def test_filters(auditor_client, events, query, expected):
    response = auditor_client.get(LIST_URL, query)
    assert _ids(response) == [events[i].pk for i in expected]


def test_date_range_filter_includes_the_end_day(auditor_client, events):
    client = auditor_client
    total = AuditEvent.objects.count()
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    in_range = client.get(LIST_URL, {"date_from": today, "date_to": today})
    assert len(_ids(in_range)) == total
    assert _ids(client.get(LIST_URL, {"date_from": tomorrow})) == []
    assert _ids(client.get(LIST_URL, {"date_to": today - datetime.timedelta(days=1)})) == []
    extremes = client.get(LIST_URL, {"date_from": "0001-01-01", "date_to": "9999-12-31"})
    assert len(_ids(extremes)) == total


def test_bad_filter_input_is_shown_not_a_server_error(auditor_client, events):
    response = auditor_client.get(
        LIST_URL, {"date_from": "不是日期", "date_to": "2026-13-40", "page": "x"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert _ids(response) == _all_ids()


def test_pages_hold_fifty_events(auditor_client):
    for n in range(55):
        record(LOGIN, summary=f"第{n}次")
    total = AuditEvent.objects.count()
    first = auditor_client.get(LIST_URL)
    second = auditor_client.get(LIST_URL, {"page": 2})
    assert len(first.context["rows"]) == 50
    assert len(second.context["rows"]) == total - 50 > 0
    assert set(_ids(first)).isdisjoint(_ids(second))
    assert max(_ids(second)) < min(_ids(first))


def test_export_is_an_xlsx_with_chinese_headers_and_is_itself_audited(
    auditor_client, auditor, events
):
    record("case.note", summary='=HYPERLINK("http://example.invalid")')
    total = AuditEvent.objects.count()
    response = auditor_client.get(EXPORT_URL, {"actor": ""}, REMOTE_ADDR="10.9.8.7")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [
        "时间",
        "用户",
        "操作",
        "对象",
        "结果",
        "地址",
        "变更前",
        "变更后",
        "摘要",
    ]
    assert len(rows) == 1 + total
    assert rows[1][8].startswith("=HYPERLINK")  # kept as text, never a formula
    assert sheet.cell(row=2, column=9).data_type == "s"
    assert any("138****5678" in (r[8] or "") for r in rows[1:])
    assert not any("13812345678" in str(v) for r in rows for v in r)

    export = AuditEvent.objects.get(action=EXPORT)
    assert export.actor_id == auditor.pk
    assert export.ip_address == "10.9.8.7"
    assert export.after["条数"] == total
    assert export.pk > max(_all_ids()[1:])  # recorded after the rows it exported


def test_export_follows_the_filters(auditor_client, events):
    response = auditor_client.get(EXPORT_URL, {"action": LOGIN_FAILED})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][2] == "登录失败"
    assert AuditEvent.objects.get(action=EXPORT).after["筛选条件"] == {"action": LOGIN_FAILED}


def test_export_refuses_more_rows_than_the_limit(auditor_client, events, settings):
    settings.AUDIT_EXPORT_MAX_ROWS = 2
    response = auditor_client.get(EXPORT_URL)
    assert response.status_code == 400
    assert "超过单次导出上限" in response.content.decode()
    assert not AuditEvent.objects.filter(action=EXPORT).exists()


def test_api_lists_events_for_the_audit_admin_only(client, auditor, events):
    client.logout()
    assert client.get(API_URL).status_code == 401
    client.force_login(auditor)
    response = client.get(API_URL, {"result": "failure"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["page_size"] == 50
    item = body["items"][0]
    assert item["id"] == events[1].pk
    assert item["action_label"] == "登录失败"
    assert "13812345678" not in response.content.decode()
    granted = client.get(API_URL, {"action": ROLE_GRANT}).json()
    assert [i["id"] for i in granted["items"]] == [events[2].pk]
    assert granted["items"][0]["after"] == {"role": "clerk"}
    everything = client.get(API_URL).json()
    assert [i["id"] for i in everything["items"]] == _all_ids()


def test_api_refuses_bad_parameters_with_a_message(auditor_client):
    client = auditor_client
    for query in ({"page": 0}, {"page": 10**30}, {"date_from": "x"}, {"result": "maybe"}):
        response = client.get(API_URL, query)
        assert response.status_code == 400, query
        assert response.json()["detail"]


def test_admin_is_read_only_and_for_the_audit_admin_only(client, auditor, events):
    model_admin = admin_site._registry[AuditEvent]
    request = RequestFactory().get("/admin/")
    request.user = auditor
    assert model_admin.has_view_permission(request)
    assert model_admin.has_module_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, events[0])
    assert not model_admin.has_delete_permission(request, events[0])
    for role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN):
        request.user = UserFactory(role=role)
        assert not model_admin.has_view_permission(request)
        assert not model_admin.has_module_permission(request)

    client.force_login(auditor)
    assert client.get("/admin/audit/auditevent/").status_code == 200
    assert client.get(f"/admin/audit/auditevent/{events[0].pk}/change/").status_code == 200
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    client.force_login(UserFactory(role=Role.SYSTEM_ADMIN))
    assert client.get("/admin/audit/auditevent/").status_code == 403
