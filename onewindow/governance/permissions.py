"""Who sees and does what in governance (docs/governance.md "Access").

- 党组成员 and 局领导 (incl. 主要领导): everything; they decide, sign and hold talks;
- 办公室人员: meetings, spending, contracts, assets, study; not talks or cadre files;
- 派驻纪检监察人员: the 三重一大 filings (and comments), meetings, talks, risk points,
  spending and contracts (to supervise), audit samples;
- 人事干部: cadre selection (and its talks), meetings;
- 股室负责人: the expenditures of their division (first signature);
- any staff member: files expenditures (经办) and sees their own.
Talk records and cadre files are confidential: others get 404; every read is audited.
"""

from __future__ import annotations

from onewindow.accounts.constants import Role

LEADERS = (Role.LEADER, Role.PARTY_MEMBER, Role.PRINCIPAL)
MEETINGS_SEE = (*LEADERS, Role.OFFICE, Role.DISCIPLINE_OFFICER, Role.PERSONNEL)
MEETINGS_MANAGE = (*LEADERS, Role.OFFICE)
SPENDING_SEE = (*LEADERS, Role.OFFICE, Role.DISCIPLINE_OFFICER)
ASSETS_SEE = (*LEADERS, Role.OFFICE, Role.DISCIPLINE_OFFICER)
ASSETS_MANAGE = (Role.OFFICE,)
TALKS_SEE = (*LEADERS, Role.DISCIPLINE_OFFICER)
TALKS_RECORD = (*LEADERS, Role.DISCIPLINE_OFFICER, Role.PERSONNEL)
CADRES_SEE = (*LEADERS, Role.PERSONNEL, Role.DISCIPLINE_OFFICER)
CADRES_MANAGE = (Role.PERSONNEL,)
STUDY_SEE = (*LEADERS, Role.OFFICE, Role.DISCIPLINE_OFFICER)
STUDY_MANAGE = (*LEADERS, Role.OFFICE)
FILER_ROLES = (
    Role.CLERK,
    Role.APPROVER,
    Role.AGENT,
    Role.SUPERVISOR,
    Role.OFFICE,
    Role.PERSONNEL,
    Role.DIVISION_HEAD,
    *LEADERS,
)
GOVERNANCE_ANY = tuple(
    dict.fromkeys(
        (
            *MEETINGS_SEE,
            *SPENDING_SEE,
            *ASSETS_SEE,
            *TALKS_SEE,
            *CADRES_SEE,
            *FILER_ROLES,
        )
    )
)


def _has(user, roles) -> bool:
    return (
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.has_role(*roles)
    )


def sees_meetings(user) -> bool:
    return _has(user, MEETINGS_SEE)


def manages_meetings(user) -> bool:
    return _has(user, MEETINGS_MANAGE)


def is_discipline(user) -> bool:
    return _has(user, (Role.DISCIPLINE_OFFICER,))


def sees_all_spending(user) -> bool:
    return _has(user, SPENDING_SEE)


def files_expenditures(user) -> bool:
    return _has(user, FILER_ROLES)


def is_division_head(user) -> bool:
    return _has(user, (Role.DIVISION_HEAD,))


def is_deputy(user) -> bool:
    return _has(user, (Role.LEADER, Role.PARTY_MEMBER))


def is_principal(user) -> bool:
    return _has(user, (Role.PRINCIPAL,))


def manages_contracts(user) -> bool:
    return _has(user, (Role.OFFICE,))


def sees_assets(user) -> bool:
    return _has(user, ASSETS_SEE)


def manages_assets(user) -> bool:
    return _has(user, ASSETS_MANAGE)


def sees_talks(user) -> bool:
    return _has(user, TALKS_SEE)


def records_talks(user) -> bool:
    return _has(user, TALKS_RECORD)


def sees_cadres(user) -> bool:
    return _has(user, CADRES_SEE)


def manages_cadres(user) -> bool:
    return _has(user, CADRES_MANAGE)


def sees_study(user) -> bool:
    return _has(user, STUDY_SEE)


def manages_study(user) -> bool:
    return _has(user, STUDY_MANAGE)


def sees_governance(user) -> bool:
    return _has(user, GOVERNANCE_ANY)
