"""The import page: who may use it, the job's progress page, the result, the audit trail."""

import uuid

import pytest
from django.core.cache import cache

from onewindow.accounts.constants import Role
from onewindow.catalog import services
from onewindow.catalog.excel import jobs
from onewindow.catalog.models import ItemVersion, ServiceItem
from onewindow.core.audit.models import AuditEvent
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.catalog.test_excel_import_validation import build_workbook, item_row

pytestmark = pytest.mark.django_db

IMPORT_URL = "/services/excel/import/"


def upload(client, data: bytes, name="catalog.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data)})


@pytest.fixture
def publisher(client):
    user = UserFactory(role=Role.LEADER)
    client.force_login(user)
    return user


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(IMPORT_URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.SUPERVISOR, Role.AUDIT_ADMIN])
def test_users_who_do_not_edit_the_catalogue_may_not_import(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(IMPORT_URL).status_code == 403
    assert upload(client, build_workbook()).status_code == 403


def test_the_import_page_offers_the_template(client, publisher):
    response = client.get(IMPORT_URL)
    assert response.status_code == 200
    assert "/services/excel/template.xlsx" in response.content.decode()


def test_a_valid_workbook_is_imported_and_the_job_page_says_so(client, publisher):
    department = DepartmentFactory()
    data = build_workbook(
        [item_row("PG-1", department), item_row("PG-2", department)],
        steps=[{"item_code": "PG-1", "order": 1, "name": "受理"}],
    )
    response = upload(client, data)
    assert response.status_code == 302
    job_url = response["Location"]
    assert job_url.startswith(IMPORT_URL)

    page = client.get(job_url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "2 个事项已导入" in text
    assert 'data-state="done"' in text
    assert "hx-trigger" not in text  # finished: the page stops polling
    assert sorted(ServiceItem.objects.values_list("code", flat=True)) == ["PG-1", "PG-2"]
    assert set(ItemVersion.objects.values_list("status", flat=True)) == {"draft"}

    # One audit record per item, written by the service, and one for the import.
    assert AuditEvent.objects.filter(action="catalog.item_create").count() == 2
    event = AuditEvent.objects.get(action="catalog.import")
    assert (event.result, event.actor_id) == ("success", publisher.pk)
    assert event.object_id == job_url.rstrip("/").rsplit("/", 1)[1]


def test_a_running_job_is_polled_every_second_with_a_progress_bar(client, publisher):
    job_id = jobs.create(publisher, "big.xlsx")
    key = f"catalog:excel-import:{job_id}"
    cache.set(key, {**cache.get(key), "state": "importing", "done": 30, "total": 120})
    response = client.get(f"{IMPORT_URL}{job_id}/", HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in text  # the htmx request gets the status block only
    assert f'hx-get="{IMPORT_URL}{job_id}/"' in text
    assert 'hx-trigger="every 1s"' in text
    assert 'aria-valuenow="25"' in text
    assert "已处理 30 / 120 个事项" in text


def test_errors_are_listed_by_sheet_row_and_column_and_nothing_is_imported(client, publisher):
    department = DepartmentFactory()
    data = build_workbook(
        [
            item_row("ER-1", department),
            item_row("ER-2", department, statutory_limit_days=3, promised_limit_days=9),
        ]
    )
    job_page = client.get(upload(client, data)["Location"])
    text = job_page.content.decode()
    assert 'data-state="invalid"' in text
    assert "未导入任何事项" in text
    assert "第3行" in text and "J 承诺办结时限（工作日）" in text
    assert "承诺办结时限不能超过法定办结时限" in text
    assert ServiceItem.objects.count() == 0
    assert AuditEvent.objects.get(action="catalog.import").result == "failure"


def test_department_staff_are_refused_other_departments_items_on_the_page(client):
    staff = UserFactory(approver=True)
    client.force_login(staff)
    page = client.get(IMPORT_URL).content.decode()
    assert f"您只能导入本部门（{staff.department.name}）的事项" in page
    data = build_workbook(
        [item_row("DS-1", staff.department), item_row("DS-2", DepartmentFactory())]
    )
    text = client.get(upload(client, data)["Location"]).content.decode()
    assert "只能导入本部门" in text
    assert ServiceItem.objects.count() == 0


def test_a_job_is_visible_only_to_the_user_who_started_it(client, publisher):
    job_id = jobs.create(publisher, "mine.xlsx")
    client.force_login(UserFactory(role=Role.LEADER))
    assert client.get(f"{IMPORT_URL}{job_id}/").status_code == 404
    assert client.get(f"{IMPORT_URL}{uuid.uuid4()}/").status_code == 404


def test_an_import_that_dies_midway_leaves_nothing_behind(client, publisher, monkeypatch):
    department = DepartmentFactory()
    rows = [item_row(f"K-{n}", department) for n in range(5)]
    real_create = services.create_item
    calls = {"n": 0}

    def create_then_crash(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("worker killed")
        return real_create(*args, **kwargs)

    monkeypatch.setattr(services, "create_item", create_then_crash)
    text = client.get(upload(client, build_workbook(rows))["Location"]).content.decode()
    assert calls["n"] == 3  # two items were written before the crash ...
    assert ServiceItem.objects.count() == 0  # ... and rolled back with it
    assert AuditEvent.objects.filter(action="catalog.item_create").count() == 0
    assert 'data-state="failed"' in text
    assert "未导入任何事项" in text


def test_importing_the_untouched_template_says_there_is_nothing_to_import(client, publisher):
    template = client.get("/services/excel/template.xlsx").content
    text = client.get(upload(client, template)["Location"]).content.decode()
    assert "「事项」工作表中没有事项" in text
