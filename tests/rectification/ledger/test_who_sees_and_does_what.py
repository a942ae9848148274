"""Leaders and party members see and accept everything; discipline officers see all and
confirm; supervisors see all; a responsible unit's staff report on their unit's measures;
anyone else gets 404. Evidence downloads are attachments, audited, for staff only."""

import pytest
from django.urls import reverse

from onewindow.core.audit.constants import DOWNLOAD
from onewindow.core.audit.models import AuditEvent
from onewindow.rectification.constants import MeasureStatus
from tests.accounts.factories import UserFactory
from tests.rectification.factories import inspection_, measure_, png, problem_, progress


@pytest.fixture
def ledger_world(db, unit, leader):
    inspection = inspection_()
    problem = problem_(inspection, number=1)
    measure = measure_(problem, unit=unit)
    update = progress(measure, leader, "已制定制度")
    return inspection, problem, measure, update.evidence.get()


def _pages(world):
    inspection, problem, measure, evidence = world
    return {
        "ledger": reverse("rectification:ledger"),
        "inspection": reverse("rectification:inspection", args=[inspection.pk]),
        "lists": reverse("rectification:lists", args=[inspection.pk, "tasks"]),
        "print": reverse("rectification:lists_print", args=[inspection.pk, "responsibilities"]),
        "problem": reverse("rectification:problem", args=[problem.pk]),
        "measure": reverse("rectification:measure", args=[measure.pk]),
        "evidence": reverse("rectification:evidence", args=[evidence.pk]),
        "inspection_new": reverse("rectification:inspection_new"),
        "problem_new": reverse("rectification:problem_new", args=[inspection.pk]),
        "measure_new": reverse("rectification:measure_new", args=[problem.pk]),
    }


SEE_ALL = {"ledger", "inspection", "lists", "print", "problem", "measure", "evidence"}
MANAGE = {"inspection_new", "problem_new", "measure_new"}


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("leader", SEE_ALL | MANAGE),
        ("party_member", SEE_ALL | MANAGE),
        ("discipline", SEE_ALL),
        ("supervisor", SEE_ALL),
        ("unit_clerk", {"ledger", "problem", "measure", "evidence"}),
        ("other_clerk", {"ledger"}),
        ("citizen", set()),
        ("auditor", set()),
    ],
)
def test_every_page_as_every_role(client, ledger_world, request, who, allowed):
    if who == "citizen":
        user = UserFactory(citizen=True)
    elif who == "auditor":
        user = UserFactory(role="audit_admin")
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)
    for name, url in _pages(ledger_world).items():
        status = client.get(url).status_code
        expected = 200 if name in allowed else 404
        assert status == expected, (who, name, status)


def test_anonymous_visitors_are_sent_to_log_in(client, ledger_world):
    response = client.get(reverse("rectification:ledger"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_unit_reports_progress_with_files_on_the_page(client, ledger_world, unit_clerk):
    _inspection, _problem, measure, _evidence = ledger_world
    client.force_login(unit_clerk)
    url = reverse("rectification:measure", args=[measure.pk])
    response = client.post(
        url,
        {
            "action": "progress",
            "progress-text": "印发《内部审计管理制度》",
            "progress-files": [png("制度.png")],
        },
    )
    assert response.status_code == 302
    assert measure.updates.count() == 2
    assert client.post(url, {"action": "submit"}).status_code == 302
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.SUBMITTED
    # The unit has no acceptance card: posting it anyway is a 404.
    assert client.post(url, {"action": "accept"}).status_code == 404
    page = client.get(url).content.decode()
    assert 'data-testid="action-accept"' not in page


def test_the_unit_of_another_department_cannot_post(client, ledger_world, other_clerk):
    _inspection, _problem, measure, _evidence = ledger_world
    client.force_login(other_clerk)
    url = reverse("rectification:measure", args=[measure.pk])
    assert client.post(url, {"action": "progress", "progress-text": "x"}).status_code == 404
    assert measure.updates.count() == 1


def test_evidence_is_an_audited_attachment(client, ledger_world, supervisor):
    _inspection, _problem, _measure, evidence = ledger_world
    assert "佐证材料" not in evidence.file.name  # a generated name on disk
    client.force_login(supervisor)
    response = client.get(reverse("rectification:evidence", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert AuditEvent.objects.filter(action=DOWNLOAD, actor=supervisor).count() == 1
