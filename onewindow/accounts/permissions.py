"""What each role may do in the Django admin (reference data only).

Business permissions are checked in services and selectors by role; this map only
decides which admin pages a role sees. The audit administrator has no admin model
permissions here: the audit app grants its read-only view itself.
"""

from .constants import Role

_REFERENCE_DATA = [
    "org.department",
    "org.servicesite",
    "org.window",
    "org.terminal",
    "org.windowassignment",
    "workdays.calendarday",
    "workdays.calendaryear",
    "hall.performanceindicator",
    "hall.training",
    "hall.partymember",
    "hall.partyactivity",
    "hall.pilotround",
    "cases.reviewchain",
    "cases.signoffgrant",
]


def _crud(models_):
    perms = set()
    for label in models_:
        app, model = label.split(".")
        perms |= {f"{app}.{action}_{model}" for action in ("view", "add", "change", "delete")}
    return perms


ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.SYSTEM_ADMIN: _crud(_REFERENCE_DATA),
    # The security administrator manages accounts and roles through the accounts pages;
    # in the admin it sees users (masked) and role grants, never personal data in full.
    Role.SECURITY_ADMIN: {
        "accounts.view_user",
        "accounts.view_userrole",
        "accounts.view_usersession",
        "axes.view_accessattempt",
        "axes.view_accessfailurelog",
        "axes.view_accesslog",
        "axes.delete_accessattempt",
    },
}


def permissions_for(roles) -> set[str]:
    perms: set[str] = set()
    for role in roles:
        perms |= ROLE_PERMISSIONS.get(role, set())
    return perms
