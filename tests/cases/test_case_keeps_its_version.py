"""A case keeps the guide version it was created under (issue 3, "done when")."""

import re

import pytest
from django.urls import reverse

from onewindow.cases import selectors as case_selectors
from onewindow.cases import services as case_services
from onewindow.catalog import services
from onewindow.core.errors import NotFound
from tests.accounts.factories import UserFactory
from tests.catalog.factories import ServiceItemFactory, material

pytestmark = pytest.mark.django_db


def _materials_on(page: str) -> list[str]:
    return re.findall(r'<td class="ow-material-name">([^<]+)</td>', page)


def test_a_case_shows_the_materials_of_its_own_version_after_a_new_one_is_published(login):
    item = ServiceItemFactory(
        name="建筑工程施工许可证核发",
        materials=[material("材料A"), material("材料B")],
        published=True,
    )
    citizen = UserFactory(citizen=True)
    client = login(citizen)

    response = client.post(reverse("cases:start", kwargs={"item_code": item.code}))
    assert response.status_code == 302
    first_case = citizen.cases.get()
    assert response["Location"] == reverse("cases:detail", kwargs={"number": first_case.number})

    draft = services.start_revision(None, item)
    services.update_draft(None, draft, materials=[material("材料A"), material("材料C")])
    services.publish(None, draft)

    page = client.get(reverse("cases:detail", kwargs={"number": first_case.number}))
    assert page.status_code == 200
    text = page.content.decode()
    assert _materials_on(text) == ["材料A", "材料B"]
    assert "第1版" in text
    assert "建筑工程施工许可证核发" in text

    client.post(reverse("cases:start", kwargs={"item_code": item.code}))
    second_case = citizen.cases.exclude(pk=first_case.pk).get()
    page = client.get(reverse("cases:detail", kwargs={"number": second_case.number}))
    assert _materials_on(page.content.decode()) == ["材料A", "材料C"]
    assert "第2版" in page.content.decode()


def test_case_numbers_read_dy_date_and_a_sequence():
    item = ServiceItemFactory(published=True)
    citizen = UserFactory(citizen=True)
    first = case_services.start_application(citizen, item=item)
    second = case_services.start_application(citizen, item=item)
    assert re.fullmatch(r"DY\d{8}\d{6}", first.number)
    assert int(second.number[-6:]) == int(first.number[-6:]) + 1


def test_an_item_with_no_published_version_cannot_be_applied_for():
    item = ServiceItemFactory(published=False)
    with pytest.raises(NotFound):
        case_services.start_application(UserFactory(citizen=True), item=item)


def test_only_the_applicant_and_the_items_department_see_a_case():
    item = ServiceItemFactory(published=True)
    applicant = UserFactory(citizen=True)
    case = case_services.start_application(applicant, item=item)
    department_clerk = UserFactory(clerk=True, department=item.department)

    assert case_selectors.case_for(applicant, case.number) == case
    assert case_selectors.case_for(department_clerk, case.number) == case
    for outsider in (UserFactory(citizen=True), UserFactory(clerk=True)):
        with pytest.raises(NotFound):
            case_selectors.case_for(outsider, case.number)


def test_another_citizens_case_page_is_404(login):
    item = ServiceItemFactory(published=True)
    case = case_services.start_application(UserFactory(citizen=True), item=item)
    client = login(UserFactory(citizen=True))
    response = client.get(reverse("cases:detail", kwargs={"number": case.number}))
    assert response.status_code == 404


def test_starting_a_case_needs_a_post_and_a_login(client):
    item = ServiceItemFactory(published=True)
    url = reverse("cases:start", kwargs={"item_code": item.code})
    response = client.post(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
