"""Who may do what in the ledger (the checks the services and selectors share).

- 局领导 and 党组成员 see everything, register the ledger and accept close-outs (验收);
- 派驻纪检监察人员 see everything, may reopen (回头看) and record accountability;
- 巡察办 (the body that did the inspection, outside the bureau) sees everything and
  confirms close-outs (销号确认) where confirmation is required;
- 大厅督查人员 see everything;
- staff of a responsible unit (their department) report progress on that unit's measures;
- anyone else: nothing (selectors answer NotFound, so a guessed id is a 404).
"""

from __future__ import annotations

from onewindow.accounts.constants import ADMIN_ROLES, STAFF_ROLES, Role

MANAGE_ROLES = (Role.LEADER, Role.PARTY_MEMBER)
ACCEPT_ROLES = (Role.LEADER, Role.PARTY_MEMBER)
CONFIRM_ROLES = (Role.INSPECTION_OFFICE,)
REOPEN_ROLES = (Role.LEADER, Role.PARTY_MEMBER, Role.DISCIPLINE_OFFICER)
ACCOUNTABILITY_ROLES = (Role.LEADER, Role.PARTY_MEMBER, Role.DISCIPLINE_OFFICER)
# The office words the forms of accountability (and leaders, the discipline officer).
ACCOUNTABILITY_TYPE_ROLES = (*ACCOUNTABILITY_ROLES, Role.OFFICE)
SEE_ALL_ROLES = (
    Role.LEADER,
    Role.PARTY_MEMBER,
    Role.DISCIPLINE_OFFICER,
    Role.SUPERVISOR,
    Role.INSPECTION_OFFICE,
)
UNIT_STAFF_ROLES = tuple(sorted(STAFF_ROLES - ADMIN_ROLES - {Role.INSPECTION_OFFICE}))


def _active(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def sees_all(user) -> bool:
    return _active(user) and user.has_role(*SEE_ALL_ROLES)


def unit_of(user) -> int | None:
    """The department whose measures the user reports on, if any."""
    if not _active(user) or not user.department_id or not user.has_role(*UNIT_STAFF_ROLES):
        return None
    return user.department_id


def may_manage(user) -> bool:
    return _active(user) and user.has_role(*MANAGE_ROLES)


def may_accept(user) -> bool:
    return _active(user) and user.has_role(*ACCEPT_ROLES)


def may_confirm(user) -> bool:
    return _active(user) and user.has_role(*CONFIRM_ROLES)


def may_reopen(user) -> bool:
    return _active(user) and user.has_role(*REOPEN_ROLES)


def may_hold_to_account(user) -> bool:
    return _active(user) and user.has_role(*ACCOUNTABILITY_ROLES)


def may_edit_accountability_types(user) -> bool:
    return _active(user) and user.has_role(*ACCOUNTABILITY_TYPE_ROLES)


def may_report(user, measure) -> bool:
    """Report progress, submit for close-out, record outputs: the unit, or a leader."""
    if may_manage(user):
        return True
    unit = unit_of(user)
    return unit is not None and unit == measure.responsible_unit_id


def may_see_measure(user, measure) -> bool:
    return sees_all(user) or may_report(user, measure)
