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
    # Party-group governance (docs/governance.md): the office, personnel, heads of
    # divisions (股室负责人) and the principal leader (主要领导) who signs last.
    OFFICE = "office", _("办公室人员")
    PERSONNEL = "personnel", _("人事干部")
    DIVISION_HEAD = "division_head", _("股室负责人")
    PRINCIPAL = "principal", _("主要领导")
    # The body that did the inspection (区委巡察办), outside the bureau: it confirms the
    # ledger's close-outs (销号确认), not the resident discipline officer (issue 14 item 8).
    INSPECTION_OFFICE = "inspection_office", _("巡察办")


# The three separated administrators (三员分立): no user may hold two of them.
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
# Roles whose holders work inside one department and see only its data.
DEPARTMENT_ROLES = frozenset({Role.CLERK, Role.APPROVER, Role.AGENT})
PUBLIC_ROLES = frozenset({Role.CITIZEN, Role.ENTERPRISE})
STAFF_ROLES = frozenset(set(Role) - PUBLIC_ROLES)
# Business roles: everything but the three administrators. Nobody holds one of each.
BUSINESS_ROLES = frozenset(set(Role) - ADMIN_ROLES)


# Audit action codes of this app (labels registered in apps.py).
ADMIN_CHANGE_REQUEST = "admin_change.request"
ADMIN_CHANGE_APPROVE = "admin_change.approve"
ADMIN_CHANGE_REJECT = "admin_change.reject"
NOTIFY_SETTINGS = "account.notify_settings"
OTP_ENROL = "otp.enrol"
OTP_CONFIRM = "otp.confirm"


class AdminChangeKind(models.TextChoices):
    """Changes to an administrator that need a second administrator of another kind."""

    GRANT = "grant", _("授予管理员角色")
    REVOKE = "revoke", _("撤销管理员角色")
    DISABLE = "disable", _("停用管理员账号")


class AdminChangeStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已驳回")


class TokenScope(models.TextChoices):
    """What an API token may do; every API operation declares the one it needs."""

    READ = "read", _("查询")
    APPLY = "apply", _("申请办理")
    STAFF = "staff", _("工作人员业务")


class TokenRevokeReason(models.TextChoices):
    OWNER = "owner", _("本人吊销")
    SECURITY_ADMIN = "security_admin", _("安全管理员吊销")
    PASSWORD_CHANGE = "password_change", _("修改密码")
    DISABLED = "disabled", _("账号停用")
    ROLE_CHANGE = "role_change", _("角色变更")
