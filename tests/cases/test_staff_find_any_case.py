"""办件查询: staff find the cases they may see by number, name, credit code, ID or phone.

ID numbers and phones match through the blind index and are audited; the page and the
export show them masked; a search by someone who may not see the case finds nothing; a
clerk still opens a case after dispatch, read-only, with its timeline.
"""

import io
import random

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from onewindow.accounts.constants import Role
from onewindow.accounts.demo import demo_uscc
from onewindow.cases import services
from onewindow.cases.search.selectors import Criteria, Kind, find, read_query, search
from onewindow.core.audit.models import AuditEvent
from onewindow.core.errors import PermissionDenied
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.cases.factories import approver, clerk, item, submitted_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen():
    return UserFactory(citizen=True, display_name="张三丰")


@pytest.fixture
def enterprise():
    return UserFactory(
        enterprise=True, display_name="东营市查询测试有限公司", uscc=demo_uscc(random.Random(7))
    )


def numbers(cases):
    return sorted(c.number for c in cases)


def test_the_words_typed_are_read_as_their_kind(citizen, enterprise):
    assert read_query("DY20260105000012") == (Kind.NUMBER, "DY20260105000012")
    assert read_query(enterprise.uscc.lower())[0] == Kind.USCC
    assert read_query(citizen.id_number.reveal())[0] == Kind.ID_NUMBER
    assert read_query(citizen.phone.reveal()) == (Kind.PHONE, citizen.phone.reveal())
    assert read_query("张三") == (Kind.NAME, "张三")
    assert read_query("   ") == (Kind.NONE, "")


def test_a_clerk_finds_a_case_by_each_kind(citizen, enterprise):
    own = submitted_case(applicant=citizen)
    firm = submitted_case(applicant=enterprise)
    other = submitted_case()
    window = clerk()

    def found(q):
        return numbers(search(window, Criteria(q=q)))

    assert found(own.number) == [own.number]
    assert found("张三") == [own.number]
    assert found(enterprise.uscc) == [firm.number]
    assert found(citizen.id_number.reveal()) == [own.number]
    assert found(citizen.phone.reveal()) == [own.number]
    assert other.number not in found("张三")


def test_an_id_or_phone_search_is_audited_with_the_value_masked(citizen):
    case = submitted_case(applicant=citizen)
    window = clerk()
    phone = citizen.phone.reveal()
    assert numbers(find(window, Criteria(q=phone))) == [case.number]
    event = AuditEvent.objects.filter(action="case.search_personal").get()
    assert event.actor_id == window.pk
    assert phone not in str(event.after)
    assert event.after["kind"] == "phone" and event.after["found"] == 1
    # A search by name is not personal data: no audit record.
    find(window, Criteria(q="张三"))
    assert AuditEvent.objects.filter(action="case.search_personal").count() == 1


def test_someone_who_may_not_see_the_case_finds_nothing(citizen):
    the_item = item()
    case = submitted_case(the_item=the_item, applicant=citizen)
    outsider = approver(DepartmentFactory())  # another department, no task on the case
    assert list(search(outsider, Criteria(q=citizen.id_number.reveal()))) == []
    assert list(search(outsider, Criteria(q=case.number))) == []
    own_department = approver(the_item.department)
    assert numbers(search(own_department, Criteria(q=case.number))) == [case.number]


def test_an_applicant_may_not_search(citizen):
    with pytest.raises(PermissionDenied):
        search(citizen, Criteria(q="张三"))


def test_filters_narrow_the_list(citizen):
    the_item = item()
    accepted = services.accept(clerk(), submitted_case(the_item=the_item, applicant=citizen))
    waiting = submitted_case(the_item=the_item)
    window = clerk()
    by_item = Criteria(item_code=the_item.code)
    assert numbers(search(window, by_item)) == sorted([accepted.number, waiting.number])
    assert numbers(search(window, Criteria(item_code=the_item.code, status="accepted"))) == [
        accepted.number
    ]
    department = Criteria(department_id=the_item.department_id)
    assert accepted.number in numbers(search(window, department))
    other = Criteria(department_id=DepartmentFactory().pk)
    assert accepted.number not in numbers(search(window, other))
    assert numbers(search(window, Criteria(item_code=the_item.code, channel="window"))) == []


def test_the_page_shows_results_masked_and_exports_them(client, citizen):
    case = submitted_case(applicant=citizen)
    window = clerk()
    client.force_login(window)
    phone = citizen.phone.reveal()
    page = client.get(reverse("cases:search"), {"q": phone})
    assert page.status_code == 200
    html = page.content.decode()
    results = html[html.index('data-testid="search-results"') :]
    assert case.number in results
    assert phone not in results  # the value typed is echoed in the box, never in the list
    assert str(citizen.phone) in results  # the masked form

    export = client.get(reverse("cases:search_export"), {"q": "张三"})
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[1][0] == case.number
    assert phone not in str(rows)
    assert AuditEvent.objects.filter(action="case.search_export").count() == 1


def test_an_applicant_gets_403_on_the_search_page(client, citizen):
    client.force_login(citizen)
    assert client.get(reverse("cases:search"), {"q": "x"}).status_code == 403


def test_a_clerk_still_sees_a_case_after_dispatch_read_only_with_its_timeline(client, citizen):
    the_item = item()
    window = clerk()
    case = services.accept(window, submitted_case(the_item=the_item, applicant=citizen))
    services.dispatch(window, case, [the_item.department])
    client.force_login(clerk())
    page = client.get(reverse("cases:search_case", args=[case.number]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="case-read-only"' in html
    assert 'data-testid="case-timeline"' in html
    assert 'data-testid="case-tasks"' in html
    # The window's own page shows it too, with no action left to take on it.
    window_page = client.get(reverse("cases:window_case", args=[case.number]))
    assert window_page.status_code == 200
    assert 'name="action" value="dispatch"' not in window_page.content.decode()


def test_the_search_is_in_the_staff_navigation(client):
    for role in (Role.CLERK, Role.APPROVER, Role.SUPERVISOR, Role.LEADER):
        user = UserFactory(role=role, department=DepartmentFactory())
        client.force_login(user)
        home = client.get(reverse("dashboard:home"))
        assert reverse("cases:search") in home.content.decode(), role
