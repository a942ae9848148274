"""Who sees which staff: own department, everyone, or no one; a guessed id is a 404."""

import pytest

from onewindow.accounts.constants import Role
from onewindow.core.errors import NotFound
from onewindow.org import selectors

pytestmark = pytest.mark.django_db


def _names(user):
    return set(selectors.staff_directory(user).values_list("username", flat=True))


def test_a_clerk_sees_only_their_own_department(staff, make_user, two_departments):
    colleague = make_user("colleague_a", department=two_departments[0], roles=[Role.APPROVER])
    assert _names(staff["clerk_a"]) == {"clerk_a", colleague.username}


def test_leaders_and_the_security_admin_see_all_staff_but_not_admins_or_citizens(staff):
    expected = {"clerk_a", "clerk_b", "leader"}
    assert _names(staff["leader"]) == expected
    assert _names(staff["security"]) == expected


def test_citizens_and_staff_without_a_department_see_no_one(staff, make_user):
    assert _names(staff["citizen"]) == set()
    assert _names(make_user("loner", roles=[Role.DISCIPLINE_OFFICER])) == set()


def test_a_leader_with_a_department_still_sees_everyone(staff, make_user, two_departments):
    head = make_user("head_b", department=two_departments[1], roles=[Role.LEADER])
    assert "clerk_a" in _names(head)


def test_staff_member_out_of_scope_raises_not_found(staff):
    with pytest.raises(NotFound):
        selectors.staff_member(staff["clerk_a"], staff["clerk_b"].pk)
    assert selectors.staff_member(staff["clerk_a"], staff["clerk_a"].pk) == staff["clerk_a"]


def test_clerk_gets_404_for_another_department_and_200_for_their_own(client, staff):
    client.force_login(staff["clerk_a"])
    assert client.get(f"/org/staff/{staff['clerk_b'].pk}/").status_code == 404
    own = client.get(f"/org/staff/{staff['clerk_a'].pk}/")
    assert own.status_code == 200
    assert "clerk_a同志" in own.content.decode()


def test_citizen_gets_404_for_any_staff_member_and_403_for_the_list(client, staff):
    client.force_login(staff["citizen"])
    assert client.get(f"/org/staff/{staff['clerk_a'].pk}/").status_code == 404
    assert client.get("/org/staff/").status_code == 403


def test_the_list_page_is_scoped_and_phones_are_masked(client, staff):
    client.force_login(staff["clerk_a"])
    html = client.get("/org/staff/").content.decode()
    assert "clerk_a同志" in html
    assert "clerk_b同志" not in html
    assert "139****5678" in html
    assert "13912345678" not in html
    client.force_login(staff["leader"])
    html = client.get("/org/staff/").content.decode()
    assert "clerk_a同志" in html and "clerk_b同志" in html


def test_anonymous_visitors_are_sent_to_login(client, staff):
    response = client.get(f"/org/staff/{staff['clerk_a'].pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
