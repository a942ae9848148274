"""Only the system administrator edits the calendar; edits are audited and seen at once."""

from datetime import date

import pytest
from django.core.cache import cache
from django.urls import include, path, reverse

from onewindow import urls as project_urls
from onewindow.accounts.constants import Role
from onewindow.core.audit.models import AuditEvent
from onewindow.core.errors import NotFound, PermissionDenied
from onewindow.core.workdays import calendar as workdays
from onewindow.core.workdays import services
from onewindow.core.workdays.models import CalendarDay, CalendarYear
from onewindow.core.workdays.selectors import unverified_warning
from tests.accounts.factories import UserFactory

# The project's URLs, with the calendar mounted as the lead mounts it (if not already).
urlpatterns = list(project_urls.urlpatterns)
if not any(getattr(p, "namespace", None) == "workdays" for p in urlpatterns):
    urlpatterns.append(path("calendar/", include("onewindow.core.workdays.urls")))

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture
def admin_user():
    return UserFactory(role=Role.SYSTEM_ADMIN)


@pytest.fixture
def clerk():
    return UserFactory(clerk=True)


@pytest.fixture
def seeded():
    services.seed_from_package([2026])


def test_a_manual_override_changes_due_dates_at_once(seeded, admin_user):
    assert workdays.add_workdays(date(2026, 9, 30), 5) == date(2026, 10, 13)
    services.set_day(admin_user, date(2026, 10, 12), False, "停电检修")
    # Oct 12 no longer counts: 8, 9, 10, 13, 14.
    assert workdays.add_workdays(date(2026, 9, 30), 5) == date(2026, 10, 14)
    row = CalendarDay.objects.get(date=date(2026, 10, 12))
    assert (row.kind, row.source, row.updated_by) == ("holiday", "manual", admin_user)

    services.set_day(admin_user, date(2026, 10, 12), True, "")
    assert workdays.add_workdays(date(2026, 9, 30), 5) == date(2026, 10, 13)
    services.clear_day(admin_user, date(2026, 10, 12))
    assert not CalendarDay.objects.filter(date=date(2026, 10, 12)).exists()
    assert workdays.add_workdays(date(2026, 9, 30), 5) == date(2026, 10, 13)


def test_an_edit_changes_the_shared_cache_version_again_after_commit(
    seeded, admin_user, django_capture_on_commit_callbacks
):
    workdays.get_calendar()
    before = cache.get(workdays.VERSION_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        services.set_day(admin_user, date(2026, 10, 10), False, "")
        during = cache.get(workdays.VERSION_KEY)
    after = cache.get(workdays.VERSION_KEY)
    assert len({before, during, after}) == 3
    assert not workdays.is_workday(date(2026, 10, 10))


def test_edits_are_audited_with_before_and_after(seeded, admin_user):
    services.set_day(admin_user, date(2026, 10, 10), False, "")
    event = AuditEvent.objects.filter(action="config_change", actor=admin_user).latest("seq")
    assert event.object_type == "workdays.calendarday"
    assert event.before["is_workday"] is True and event.before["source"] == "package"
    assert event.after["is_workday"] is False and event.after["source"] == "manual"

    services.verify_year(admin_user, 2027)
    event = AuditEvent.objects.filter(action="config_change", actor=admin_user).latest("seq")
    assert event.object_type == "workdays.calendaryear"
    assert event.before is None and event.after["year"] == 2027


def test_only_the_system_administrator_may_edit(seeded, clerk):
    security_admin = UserFactory(role=Role.SECURITY_ADMIN)
    for user in (clerk, security_admin, None):
        with pytest.raises(PermissionDenied):
            services.set_day(user, date(2026, 10, 10), False, "")
        with pytest.raises(PermissionDenied):
            services.verify_year(user, 2027)
    assert CalendarDay.objects.get(date=date(2026, 10, 10)).is_workday
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not AuditEvent.objects.filter(object_type="workdays.calendarday").exists()


def test_verifying_a_year_removes_the_warning(admin_user):
    # Today in these tests is whatever the clock says; pin it to late 2026.
    services.seed_from_package([2026])
    warning = unverified_warning(date(2026, 11, 28))
    assert warning is not None and "2027年" in warning and "周一至周五" in warning
    services.verify_year(admin_user, 2027)
    assert unverified_warning(date(2026, 11, 28)) is None
    assert workdays.year_is_verified(2027)
    # Verifying twice changes nothing and records nothing more.
    count = AuditEvent.objects.count()
    services.verify_year(admin_user, 2027)
    assert AuditEvent.objects.count() == count
    services.unverify_year(admin_user, 2027)
    assert not workdays.year_is_verified(2027)
    with pytest.raises(NotFound):
        services.unverify_year(admin_user, 2027)


# -- the page ---------------------------------------------------------------


def test_anyone_signed_in_may_view_the_year(seeded, clerk, login):
    client = login(clerk)
    response = client.get(reverse("workdays:year", args=[2026]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-date="2026-10-10" data-kind="makeup_workday"' in page
    assert 'data-date="2026-10-01" data-kind="holiday"' in page
    assert "国庆节" in page
    assert 'data-testid="calendar-day-form"' not in page
    assert 'data-testid="calendar-unverified"' not in page


def test_an_unverified_year_shows_the_warning(clerk, login):
    client = login(clerk)
    page = client.get(reverse("workdays:year", args=[2030])).content.decode()
    assert 'data-testid="calendar-unverified"' in page
    assert "暂按周一至周五计算工作日" in page


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("workdays:calendar"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_other_staff_posting_get_404_and_change_nothing(seeded, clerk, login):
    client = login(clerk)
    response = client.post(
        reverse("workdays:set_day"), {"date": "2026-10-10", "is_workday": "0", "name": "x"}
    )
    assert response.status_code == 404
    response = client.post(reverse("workdays:verify_year", args=[2027]))
    assert response.status_code == 404
    assert CalendarDay.objects.get(date=date(2026, 10, 10)).is_workday
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_the_system_administrator_edits_through_the_page(seeded, admin_user, login):
    client = login(admin_user)
    page = client.get(reverse("workdays:year", args=[2026])).content.decode()
    assert 'data-testid="calendar-day-form"' in page
    response = client.post(
        reverse("workdays:set_day"), {"date": "2026-10-12", "is_workday": "0", "name": "停电检修"}
    )
    assert response.status_code == 302
    row = CalendarDay.objects.get(date=date(2026, 10, 12))
    assert (row.is_workday, row.name, row.source) == (False, "停电检修", "manual")
    assert workdays.add_workdays(date(2026, 9, 30), 5) == date(2026, 10, 14)
    event = AuditEvent.objects.filter(action="config_change", actor=admin_user).latest("seq")
    assert event.after["date"] == "2026-10-12"

    response = client.post(reverse("workdays:verify_year", args=[2027]))
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2027).source == "manual"


def test_a_bad_form_changes_nothing(seeded, admin_user, login):
    client = login(admin_user)
    count = CalendarDay.objects.count()
    for data in (
        {"date": "2026-02-30", "is_workday": "0"},
        {"date": "3000-01-01", "is_workday": "0"},
        {"date": "2026-10-12", "is_workday": "maybe"},
        {"date": "2026-10-12", "is_workday": "0", "name": "长" * 51},
    ):
        response = client.post(reverse("workdays:set_day"), data)
        assert response.status_code == 302
    assert CalendarDay.objects.count() == count


def test_the_django_admin_edits_through_the_services(seeded, admin_user, login):
    client = login(admin_user)
    response = client.post(
        "/admin/workdays/calendarday/add/",
        {"date": "2026-10-12", "is_workday": "", "name": "停电检修"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = CalendarDay.objects.get(date=date(2026, 10, 12))
    assert (row.is_workday, row.source, row.updated_by) == (False, "manual", admin_user)
    assert workdays.add_workdays(date(2026, 9, 30), 5) == date(2026, 10, 14)
    assert AuditEvent.objects.filter(action="config_change", object_id=str(row.pk)).exists()

    response = client.post(f"/admin/workdays/calendarday/{row.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not CalendarDay.objects.filter(date=date(2026, 10, 12)).exists()
    assert workdays.add_workdays(date(2026, 9, 30), 5) == date(2026, 10, 13)


def test_staff_pages_carry_the_warning_and_citizens_pages_do_not(rf, clerk):
    from onewindow.core.workdays.context_processors import calendar_warning

    services.seed_from_package([2026])  # later years are not in the package
    request = rf.get("/")
    request.user = clerk
    assert "周一至周五" in calendar_warning(request)["calendar_warning"]
    request.user = UserFactory(citizen=True)
    assert calendar_warning(request) == {}
