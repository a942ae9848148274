"""Roles and account kinds. See ../shared/SECURITY.md "Access"."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountKind(models.TextChoices):
    CITIZEN = "citizen", _("个人")
    ENTERPRISE = "enterprise", _("企业")
    STAFF = "staff", _("工作人员")


class Role(models.TextChoices):
    CITIZEN = "citizen", _("群众")
    ENTERPRISE = "enterprise", _("企业")
    CLERK = "clerk", _("窗口工作人员")
    APPROVER = "approver", _("部门审批人员")
    AGENT = "agent", _("帮办代办员")
    SUPERVISOR = "supervisor", _("大厅督查人员")
    LEADER = "leader", _("局领导")
    PARTY_MEMBER = "party_member", _("党组成员")
    DISCIPLINE_OFFICER = "discipline_officer", _("派驻纪检监察人员")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("安全审计员")


# The three separated administrators (三员分立): no user may hold two of them.
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
# Roles whose holders work inside one department and see only its data.
DEPARTMENT_ROLES = frozenset({Role.CLERK, Role.APPROVER, Role.AGENT})
PUBLIC_ROLES = frozenset({Role.CITIZEN, Role.ENTERPRISE})
STAFF_ROLES = frozenset(set(Role) - PUBLIC_ROLES)
