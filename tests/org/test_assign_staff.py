"""Putting staff on windows: idempotent, one window at a time, audited, permission-checked."""

from datetime import date

import pytest

from onewindow.accounts.constants import AccountKind, Role
from onewindow.core.audit.models import AuditEvent
from onewindow.core.errors import InvalidInput, NotFound, PermissionDenied
from onewindow.org import selectors
from onewindow.org.models import WindowAssignment
from onewindow.org.services import assign_staff

pytestmark = pytest.mark.django_db


def _events():
    return AuditEvent.objects.filter(action="org.assign_window")


def test_assigning_twice_keeps_one_assignment_and_one_audit_event(network, make_user):
    clerk = make_user("window_clerk", roles=[Role.CLERK])
    first = assign_staff(clerk, "A01", date(2026, 3, 2))
    second = assign_staff(clerk, "A01", date(2026, 3, 9))
    assert first.pk == second.pk
    assert second.started_on == date(2026, 3, 2)
    assert WindowAssignment.objects.filter(user=clerk).count() == 1
    assert _events().count() == 1
    assert _events().get().object_id == str(first.pk)


def test_moving_to_another_window_ends_the_first(network, make_user):
    clerk = make_user("mover", roles=[Role.CLERK])
    old = assign_staff(clerk, "B01", "2026-03-02")
    new = assign_staff(clerk, "C01", "2026-04-01")
    old.refresh_from_db()
    assert old.ended_on == date(2026, 4, 1)
    assert new.ended_on is None
    member = selectors.staff_member(make_user("boss", roles=[Role.LEADER]), clerk.pk)
    assert [a.window.number for a in member.current_assignments] == ["C01"]


def test_only_assigning_roles_may_assign(network, make_user):
    clerk = make_user("someone", roles=[Role.CLERK])
    with pytest.raises(PermissionDenied):
        assign_staff(clerk, "A02", date(2026, 3, 2), actor=make_user("peer", roles=[Role.CLERK]))
    assigned = assign_staff(
        clerk, "A02", date(2026, 3, 2), actor=make_user("sup", roles=[Role.SUPERVISOR])
    )
    assert _events().get().actor_id is not None
    assert assigned.window.number == "A02"


def test_bad_input_is_refused_without_writing(network, make_user):
    clerk = make_user("careful", roles=[Role.CLERK])
    with pytest.raises(NotFound):
        assign_staff(clerk, "Z99", date(2026, 3, 2))
    with pytest.raises(InvalidInput):
        assign_staff(clerk, "A03", "not-a-date")
    citizen = make_user("visitor", kind=AccountKind.CITIZEN, roles=[Role.CITIZEN])
    with pytest.raises(InvalidInput):
        assign_staff(citizen, "A03", date(2026, 3, 2))
    assert not WindowAssignment.objects.exists()
    assert not _events().exists()


def test_the_window_shows_who_is_on_duty(client, network, make_user):
    clerk = make_user("on_duty", roles=[Role.CLERK], display_name="值班员甲")
    assign_staff(clerk, "E01", date(2026, 3, 2))
    hall = selectors.service_hall()
    window = next(w for w in selectors.windows(hall) if w.number == "E01")
    assert [a.user for a in window.on_duty] == [clerk]
