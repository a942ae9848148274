"""The export download and the import page, as leaders and as others."""

import io

import pytest
from openpyxl import load_workbook

from onewindow.accounts.constants import Role
from onewindow.core.audit.models import AuditEvent
from onewindow.rectification.excel.import_ import import_ledger
from onewindow.rectification.models import Inspection
from tests.accounts.factories import UserFactory

from .workbooks import build, leader, row, units

pytestmark = pytest.mark.django_db

ROWS = [row("政治建设方面", "", 1, "学习不深入问题", "建立第一议题制度")]


def _upload(client, data, name="台账.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/rectification/import/", {"file": SimpleUploadedFile(name, data)})


def test_a_leader_downloads_the_ledger(client):
    units()
    boss = leader()
    inspection = import_ledger(build(ROWS), boss)
    client.force_login(boss)

    response = client.get(f"/rectification/inspections/{inspection.pk}/ledger.xlsx")

    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    book = load_workbook(io.BytesIO(response.content))
    assert book["台账"]["G3"].value == "建立第一议题制度"
    assert AuditEvent.objects.filter(action="export", object_id=str(inspection.pk)).exists()


def test_staff_who_may_not_see_the_ledger_get_404(client):
    units()
    inspection = import_ledger(build(ROWS), leader())
    client.force_login(UserFactory(role=Role.CLERK, department=None))
    response = client.get(f"/rectification/inspections/{inspection.pk}/ledger.xlsx")
    assert response.status_code == 404


def test_a_leader_imports_a_workbook_and_lands_on_the_inspection(client):
    units()
    client.force_login(leader())
    assert client.get("/rectification/import/").status_code == 200

    response = _upload(client, build(ROWS))

    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/rectification/inspections/{inspection.pk}/"


def test_a_refused_workbook_shows_every_error_and_saves_nothing(client):
    units()
    client.force_login(leader())

    response = _upload(client, build([*ROWS, row("", "", 1, "重复", "措施", 责任股室="财务股")]))

    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="ledger-import-errors"' in page
    assert "问题序号 1 重复" in page and "财务股" in page
    assert Inspection.objects.count() == 0
    assert AuditEvent.objects.filter(
        action="rectification.ledger_import", result="failure"
    ).exists()


def test_a_file_that_is_not_a_workbook_is_refused_on_the_form(client):
    units()
    client.force_login(leader())
    response = _upload(client, b"not a workbook at all", name="ledger.xlsx")
    assert response.status_code == 400
    assert "不是 Excel 工作簿" in response.content.decode()


@pytest.mark.parametrize("role", [Role.CLERK, Role.SUPERVISOR, Role.DISCIPLINE_OFFICER])
def test_only_leaders_and_party_members_may_import(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get("/rectification/import/").status_code == 403
    assert _upload(client, build(ROWS)).status_code == 403
    assert Inspection.objects.count() == 0
