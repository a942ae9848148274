"""The full ID number or phone only through an audited, permission-checked action."""

import pytest

from onewindow.accounts.constants import Role
from onewindow.core.audit.models import AuditEvent
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_citizen_reveals_their_own_id_number_and_it_is_audited(client, login):
    citizen = UserFactory(citizen=True)
    login(citizen)
    page = client.get("/accounts/me/").content.decode()
    assert citizen.id_number.reveal() not in page
    response = client.post(f"/accounts/users/{citizen.pk}/reveal/id_number/")
    assert response.status_code == 200
    assert citizen.id_number.reveal() in response.content.decode()
    event = AuditEvent.objects.get(action="pii_reveal")
    assert event.actor == citizen and event.after == {"field": "id_number"}
    assert citizen.id_number.reveal() not in str(event.after) + event.summary


def test_a_citizen_cannot_reveal_another_citizen(client, login):
    me, other = UserFactory(citizen=True), UserFactory(citizen=True)
    login(me)
    assert client.post(f"/accounts/users/{other.pk}/reveal/phone/").status_code == 404
    assert not AuditEvent.objects.filter(action="pii_reveal").exists()


def test_the_api_reveal_is_audited_and_the_profile_stays_masked(client, login):
    citizen = UserFactory(citizen=True)
    login(citizen)
    me = client.get("/api/accounts/me").json()
    assert me["phone"] == str(citizen.phone) and "*" in me["phone"]
    response = client.post(
        "/api/accounts/me/reveal", {"field": "phone"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["value"] == citizen.phone.reveal()
    assert AuditEvent.objects.filter(action="pii_reveal", actor=citizen).count() == 1
    bad = client.post(
        "/api/accounts/me/reveal", {"field": "password"}, content_type="application/json"
    )
    assert bad.status_code == 400 and "不支持" in bad.json()["detail"]


def test_department_staff_see_only_their_department(client, login):
    clerk = UserFactory(clerk=True)
    colleague = UserFactory(role=Role.APPROVER, department=clerk.department)
    stranger = UserFactory(approver=True)
    citizen = UserFactory(citizen=True)
    login(clerk)
    assert client.get(f"/accounts/users/{colleague.pk}/").status_code == 200
    assert client.get(f"/accounts/users/{stranger.pk}/").status_code == 404
    assert client.get(f"/accounts/users/{citizen.pk}/").status_code == 404
    assert client.get(f"/api/accounts/users/{stranger.pk}").status_code == 404
    listed = {row["id"] for row in client.get("/api/accounts/users").json()["items"]}
    assert colleague.pk in listed and stranger.pk not in listed


def test_a_citizen_sees_only_themselves(client, login):
    me, other = UserFactory(citizen=True), UserFactory(citizen=True)
    login(me)
    assert client.get(f"/api/accounts/users/{other.pk}").status_code == 404
    assert client.get(f"/api/accounts/users/{me.pk}").status_code == 200
