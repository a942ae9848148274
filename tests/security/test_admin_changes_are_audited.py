"""Changes made through the Django admin are audited like any other change (issue 12, item 5).

Replays the admin bypass: before, a system administrator could rename a department, delete
a window or (as security administrator) delete a lockout in the admin, and the audit log
had no record of it. Now the admin site puts one mixin in front of every ModelAdmin, so
each addition, change and deletion is one record with the old and new values; a lock is
released on its own page with a reason.
"""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.urls import reverse

from onewindow.accounts.constants import Role
from onewindow.core.admin_audit import AuditedAdminMixin
from onewindow.core.audit.models import AuditEvent
from onewindow.core.workdays.models import CalendarDay
from onewindow.org.models import ServiceSite, Terminal, Window
from tests.accounts.factories import PASSWORD, DepartmentFactory, UserFactory

from .html_forms import form_values

pytestmark = pytest.mark.django_db


def _records(action):
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


@pytest.fixture
def sysadmin(client):
    user = UserFactory(role=Role.SYSTEM_ADMIN)
    client.force_login(user)
    return user


def test_every_admin_page_writes_through_the_audit():
    unaudited = [
        m._meta.label
        for m, a in admin.site._registry.items()
        if not isinstance(a, AuditedAdminMixin)
    ]
    assert unaudited == []
    assert len(admin.site._registry) > 30


def _errors(response) -> str:
    html = response.content.decode()
    return " ".join(re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S))


def _change(client, url, **changes):
    data = form_values(client.get(url).content.decode())
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, _errors(response)


def test_a_change_records_only_the_changed_fields_with_old_and_new(client, sysadmin):
    department = DepartmentFactory(name="区市场监管局", office_phone="0546-8000000")
    url = reverse("admin:org_department_change", args=[department.pk])
    _change(client, url, name="区市场监督管理局")
    [event] = _records("admin.change")
    assert event.actor_id == sysadmin.pk
    assert event.object_type == "org.department" and event.object_id == str(department.pk)
    assert event.before == {"name": "区市场监管局"}
    assert event.after == {"name": "区市场监督管理局"}
    # Saving with nothing changed records nothing.
    _change(client, url)
    assert len(_records("admin.change")) == 1


def test_inline_additions_and_deletions_are_recorded(client, sysadmin):
    site = ServiceSite.objects.create(code="T-SITE", name="测试便民服务中心", kind="town_centre")
    old = Terminal.objects.create(site=site, code="KIOSK-1", location="一楼大厅")
    url = reverse("admin:org_servicesite_change", args=[site.pk])
    data = form_values(client.get(url).content.decode())
    prefix = next(
        k[: -len("-TOTAL_FORMS")] for k in data if k.endswith("-TOTAL_FORMS") and "terminal" in k
    )
    data[f"{prefix}-0-DELETE"] = "on"
    data[f"{prefix}-TOTAL_FORMS"] = "2"
    data.update(
        {
            f"{prefix}-1-code": "KIOSK-2",
            f"{prefix}-1-location": "二楼",
            f"{prefix}-1-is_active": "on",
            f"{prefix}-1-site": str(site.pk),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, _errors(response)
    [added] = _records("admin.add")
    [deleted] = _records("admin.delete")
    assert added.after["code"] == "KIOSK-2"
    assert deleted.object_id == str(old.pk) and deleted.before["code"] == "KIOSK-1"


def test_deletions_single_and_bulk_are_recorded(client, sysadmin):
    site = ServiceSite.objects.create(code="HALL-T", name="测试大厅", kind="service_hall")
    windows = [
        Window.objects.create(site=site, number=str(n), name=f"{n}号窗口") for n in (1, 2, 3)
    ]
    url = reverse("admin:org_window_delete", args=[windows[0].pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    response = client.post(
        reverse("admin:org_window_changelist"),
        {
            "action": "delete_selected",
            "post": "yes",
            "_selected_action": [str(w.pk) for w in windows[1:]],
        },
    )
    assert response.status_code == 302
    assert not Window.objects.exists()
    deleted = _records("admin.delete")
    assert sorted(e.before["number"] for e in deleted) == ["1", "2", "3"]


def test_a_service_backed_admin_is_recorded_once(client, sysadmin):
    response = client.post(
        reverse("admin:workdays_calendarday_add"),
        {"date": "2026-12-08", "is_workday": "", "name": "测试调休"},
    )
    assert response.status_code == 302
    assert CalendarDay.objects.filter(date="2026-12-08").exists()
    changes = AuditEvent.objects.filter(actor_id=sysadmin.pk).exclude(action="login")
    assert [e.action for e in changes] == ["config_change"]
    assert not _records("admin.add")


def _lock(client, user):
    for _ in range(5):
        client.post("/accounts/login/", {"username": user.username, "password": "wrong-Pass-1"})
    assert AccessAttempt.objects.filter(username=user.username).exists()


def test_deleting_a_lockout_in_the_admin_is_recorded(client):
    victim = UserFactory()
    _lock(client, victim)
    secadmin = UserFactory(role=Role.SECURITY_ADMIN)
    client.force_login(secadmin)
    attempt = AccessAttempt.objects.get(username=victim.username)
    url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    [event] = _records("admin.delete")
    assert event.actor_id == secadmin.pk
    assert event.before["username"] == victim.username
    assert event.before["failures_since_start"] == 5


def test_the_security_administrator_releases_a_lock_with_a_reason(client):
    victim = UserFactory()
    _lock(client, victim)
    clerk = UserFactory(clerk=True)
    client.force_login(clerk)
    assert client.get(reverse("accounts:lockouts")).status_code == 404
    secadmin = UserFactory(role=Role.SECURITY_ADMIN)
    client.force_login(secadmin)
    page = client.get(reverse("accounts:lockouts")).content.decode()
    assert victim.username in page
    attempt = AccessAttempt.objects.get(username=victim.username)
    refused = client.post(reverse("accounts:lockouts"), {"attempt": attempt.pk, "reason": " "})
    assert refused.status_code == 400 and "请填写解除锁定的原因" in refused.content.decode()
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
    done = client.post(
        reverse("accounts:lockouts"), {"attempt": attempt.pk, "reason": "已电话核实本人身份"}
    )
    assert done.status_code == 302
    [event] = _records("account.unlock")
    assert event.object_id == str(victim.pk)
    assert event.before["username"] == victim.username and event.before["failures"] == 5
    assert event.summary == "已电话核实本人身份"
    client.logout()
    response = client.post("/accounts/login/", {"username": victim.username, "password": PASSWORD})
    assert response.status_code == 302
