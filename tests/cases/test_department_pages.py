"""The departments' pages as an approver uses them: worklist, task actions, warnings."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from onewindow.accounts.constants import Role
from onewindow.cases import services
from onewindow.cases.constants import CaseStatus, Decision, TaskStatus
from onewindow.cases.models import DepartmentTask
from onewindow.core.workdays.constants import PauseKind
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.cases.factories import approver, clerk, freeze, item, submitted_case

pytestmark = pytest.mark.django_db


def _task(department, *, promised=5, other=None):
    """A case of an item with ``promised`` working days, dispatched to ``department``."""
    case = submitted_case(the_item=item(promised_limit_days=promised))
    case = services.accept(clerk(), case)
    departments = [department] + ([other] if other else [])
    return services.dispatch(clerk(), case, departments)[0]


def _numbers(html: str, marker: str) -> list[str]:
    section = html.split(f'data-testid="{marker}"')[1].split("</table>")[0]
    return list(dict.fromkeys(re.findall(r"DY\d{14}", section)))


@pytest.fixture
def department():
    return DepartmentFactory(name="区住房和城乡建设局")


@pytest.fixture
def desk(client, department):
    person = approver(department)
    client.force_login(person)
    client.person = person
    return client


def _task_url(task):
    return reverse("cases:department_task", kwargs={"pk": task.pk})


def _act(client, task, action, **data):
    return client.post(_task_url(task), {"action": action, **data})


# -- the worklist -----------------------------------------------------------------------


def test_the_worklist_is_sorted_by_urgency_with_unknown_due_dates_last(
    desk, department, calendar_2026, monkeypatch
):
    freeze(monkeypatch, date(2026, 3, 2))
    relaxed = _task(department, promised=10)
    urgent = _task(department, promised=2)
    middle = _task(department, promised=5)
    unsynced = _task(department, promised=1)
    DepartmentTask.objects.filter(pk=unsynced.pk).update(due_on=None)
    _task(DepartmentFactory())  # another department's: not listed
    freeze(monkeypatch, date(2026, 3, 4))

    response = desk.get(reverse("cases:department_worklist"))
    assert response.status_code == 200
    html = response.content.decode()
    expected = [t.case.number for t in (urgent, middle, relaxed, unsynced)]
    assert _numbers(html, "worklist") == expected
    # The urgent one (due 03-04, today) is red with 0 days left; the relaxed one normal.
    row = html.split(f'data-task="{urgent.pk}"')[1].split("</tr>")[0]
    assert 'data-level="red"' in row and "剩余 0 个工作日" in row
    row = html.split(f'data-task="{relaxed.pk}"')[1].split("</tr>")[0]
    assert 'data-level="normal"' in row


def test_the_worklist_shows_overdue_and_paused(desk, department, calendar_2026, monkeypatch):
    freeze(monkeypatch, date(2026, 3, 2))
    late = _task(department, promised=1)
    paused = _task(department, promised=10)
    services.start_review(desk.person, paused)
    services.pause_task(desk.person, paused, PauseKind.EXPERT_REVIEW, "专家评审")
    freeze(monkeypatch, date(2026, 3, 6))
    html = desk.get(reverse("cases:department_worklist")).content.decode()
    row = html.split(f'data-task="{late.pk}"')[1].split("</tr>")[0]
    assert 'data-level="overdue"' in row and "超期 3 个工作日" in row
    row = html.split(f'data-task="{paused.pk}"')[1].split("</tr>")[0]
    assert 'data-level="paused"' in row


def test_the_worklist_query_count_does_not_grow_with_rows(desk, department):
    _task(department)
    url = reverse("cases:department_worklist")
    desk.get(url)  # warm the calendar cache and the session
    with CaptureQueriesContext(connection) as few:
        assert desk.get(url).status_code == 200
    for _ in range(8):
        _task(department, other=DepartmentFactory())
    with CaptureQueriesContext(connection) as many:
        response = desk.get(url)
    assert len(_numbers(response.content.decode(), "worklist")) == 9
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_worklist_is_read_in_the_order_of_a_worklist_index(desk, department):
    task = _task(department)
    services.start_review(desk.person, task)
    with CaptureQueriesContext(connection) as queries:
        desk.get(reverse("cases:department_worklist"))
    reads = [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "cases_departmenttask"' in q["sql"] and "ORDER BY" in q["sql"]
    ]
    # One sorted read; besides it only a count capped by a LIMIT (not sorted: the model's
    # default ordering would join the case table).
    assert len(reads) == 1
    sql = reads[0]
    assert '"cases_departmenttask"."department_id" =' in sql
    assert '"cases_departmenttask"."status" IN' in sql
    assert re.search(r'ORDER BY "cases_departmenttask"\."due_on" ASC( NULLS LAST)?, ', sql)
    assert "LIMIT" in sql
    counts = [
        q["sql"]
        for q in queries.captured_queries
        if "COUNT(" in q["sql"] and "cases_departmenttask" in q["sql"]  # not the inbox's
    ]
    assert len(counts) == 1 and "LIMIT" in counts[0] and "cases_case" not in counts[0]
    plan = _plan(sql)
    assert "cases_task_open_by_due" in plan or "cases_task_worklist" in plan, plan


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: ask for the index
            cursor.execute("EXPLAIN " + sql)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return "\n".join(str(row) for row in cursor.fetchall())


def test_the_worklist_pages_through_every_status_in_order(desk, department, monkeypatch):
    freeze(monkeypatch, date(2026, 3, 2))
    tasks = [_task(department, promised=1 + n % 7) for n in range(33)]
    for task in tasks[::3]:
        services.start_review(desk.person, task)
    for task in tasks[::6]:
        services.pause_task(desk.person, task, PauseKind.HEARING, "听证")
    url = reverse("cases:department_worklist")
    first = desk.get(url).content.decode()
    second = desk.get(url + "?page=2").content.decode()
    listed = _numbers(first, "worklist") + _numbers(second, "worklist")
    expected = [
        t.case.number
        for t in DepartmentTask.objects.filter(department=department)
        .select_related("case")
        .order_by("due_on", "pk")
    ]
    assert len(_numbers(first, "worklist")) == 30
    assert listed == expected
    assert "共 33 件待办" in first
    assert desk.get(url + "?page=abc").status_code == 200


def test_only_approvers_have_a_worklist(client):
    for person in (UserFactory(citizen=True), clerk(), UserFactory(role=Role.LEADER)):
        client.force_login(person)
        assert client.get(reverse("cases:department_worklist")).status_code == 403


# -- the task page -------------------------------------------------------------------------


def test_a_task_of_another_department_is_404(desk, department):
    elsewhere = _task(DepartmentFactory())
    assert desk.get(_task_url(elsewhere)).status_code == 404
    response = _act(desk, elsewhere, "start_review")
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.status == TaskStatus.PENDING
    assert desk.get("/cases/department/tasks/999999/").status_code == 404


def test_the_task_page_shows_the_case_and_the_other_departments(desk, department):
    other = DepartmentFactory(name="区自然资源局")
    task = _task(department, other=other)
    response = desk.get(_task_url(task))
    assert response.status_code == 200
    html = response.content.decode()
    assert task.case.number in html
    assert "区自然资源局" in html.split('data-testid="other-tasks"')[1]
    assert "身份证明" in html.split('data-testid="materials"')[1]
    applicant = task.case.applicant
    assert applicant.id_number.reveal() not in html and str(applicant.id_number) in html


def test_review_pause_resume_and_approve_through_the_page(desk, department):
    task = _task(department)
    assert _act(desk, task, "approve").status_code == 409  # not started yet

    assert _act(desk, task, "start_review").status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_REVIEW

    missing = _act(desk, task, "pause", **{"pause-kind": PauseKind.INSPECTION, "pause-reason": ""})
    assert missing.status_code == 400 and "请填写理由" in missing.content.decode()
    response = _act(
        desk,
        task,
        "pause",
        **{"pause-kind": PauseKind.INSPECTION, "pause-reason": "需现场核查施工场地"},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.PAUSED and task.pause_kind == PauseKind.INSPECTION
    assert task.case.promised_clock.paused_since is not None

    assert _act(desk, task, "resume").status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_REVIEW
    assert task.case.promised_clock.paused_since is None

    response = _act(desk, task, "approve", **{"approve-reason": "符合条件"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.APPROVED and task.reason == "符合条件"
    task.case.refresh_from_db()
    assert task.case.status == CaseStatus.DECIDED and task.case.decision == Decision.APPROVED
    html = desk.get(_task_url(task)).content.decode()
    assert 'data-testid="no-actions"' in html


def test_refusal_needs_reasons_through_the_page(desk, department):
    task = _task(department)
    services.start_review(desk.person, task)
    empty = _act(desk, task, "refuse", **{"refuse-reason": " "})
    assert empty.status_code == 400 and "请填写理由" in empty.content.decode()
    response = _act(desk, task, "refuse", **{"refuse-reason": "用地性质不符"})
    assert response.status_code == 302
    task.case.refresh_from_db()
    assert task.case.decision == Decision.REFUSED
    assert "用地性质不符" in task.case.decision_reason


def test_a_stale_task_page_gets_409(desk, department):
    task = _task(department)
    services.start_review(approver(department), task)  # a colleague started it
    response = _act(desk, task, "start_review")
    assert response.status_code == 409
    assert "刷新" in response.content.decode()


def test_a_bad_pause_kind_is_refused(desk, department):
    task = _task(department)
    services.start_review(desk.person, task)
    response = _act(desk, task, "pause", **{"pause-kind": "conditional", "pause-reason": "x"})
    assert response.status_code == 400
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_REVIEW


# -- overdue and warnings -------------------------------------------------------------------


def _warned_world(monkeypatch):
    freeze(monkeypatch, date(2026, 3, 2))
    housing, land = DepartmentFactory(name="住建"), DepartmentFactory(name="自然资源")
    late = _task(housing, promised=1)  # due 03-03: overdue on 03-05
    red = _task(land, promised=3)  # due 03-05: red (0 left)
    calm = _task(housing, promised=20)
    late_submission = submitted_case()
    freeze(monkeypatch, date(2026, 3, 5))
    return housing, land, late, red, calm, late_submission


def test_a_leader_sees_every_department_with_counts(client, calendar_2026, monkeypatch):
    housing, land, late, red, calm, _waiting = _warned_world(monkeypatch)
    client.force_login(UserFactory(role=Role.LEADER))
    response = client.get(reverse("cases:overdue"))
    assert response.status_code == 200
    html = response.content.decode()
    counts = html.split('data-testid="department-counts"')[1].split("</table>")[0]
    assert "住建" in counts and "自然资源" in counts
    assert 'data-testid="total-overdue">1<' in html and 'data-testid="total-red">1<' in html
    assert _numbers(html, "warned-tasks") == [late.case.number, red.case.number]
    assert calm.case.number not in html

    only_land = client.get(reverse("cases:overdue") + f"?department={land.pk}").content.decode()
    assert _numbers(only_land, "warned-tasks") == [red.case.number]
    only_overdue = client.get(reverse("cases:overdue") + "?level=overdue").content.decode()
    assert _numbers(only_overdue, "warned-tasks") == [late.case.number]


def test_unanswered_submissions_are_listed(client, calendar_2026, monkeypatch):
    *_rest, waiting = _warned_world(monkeypatch)
    freeze(monkeypatch, date(2026, 3, 12))
    client.force_login(UserFactory(role=Role.SUPERVISOR))
    html = client.get(reverse("cases:overdue")).content.decode()
    assert waiting.number in html.split('data-testid="unanswered"')[1]


def test_an_approver_sees_only_the_own_department(client, calendar_2026, monkeypatch):
    housing, land, late, red, _calm, _waiting = _warned_world(monkeypatch)
    client.force_login(approver(land))
    html = client.get(reverse("cases:overdue")).content.decode()
    assert 'data-testid="department-counts"' not in html
    assert _numbers(html, "warned-tasks") == [red.case.number]
    # A department filter is ignored for an approver.
    html = client.get(reverse("cases:overdue") + f"?department={housing.pk}").content.decode()
    assert _numbers(html, "warned-tasks") == [red.case.number]


def test_others_cannot_see_the_warning_lists(client):
    for person in (UserFactory(citizen=True), clerk()):
        client.force_login(person)
        assert client.get(reverse("cases:overdue")).status_code == 403
