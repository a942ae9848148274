"""The navigation bar: what each role can reach, so nobody sees links they cannot use."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.constants import Role

# (label, url name, icon, roles that see it; None means every signed-in user)
_ITEMS = [
    (_("首页"), "dashboard:home", "house", None),
    # Cases: each role's own desk first.
    (_("我要办事"), "catalog:search", "send", (Role.CITIZEN, Role.ENTERPRISE)),
    (_("我的办件"), "cases:my_cases", "folder2-open", (Role.CITIZEN, Role.ENTERPRISE)),
    (_("我的草稿"), "cases:my_drafts", "pencil-square", (Role.CITIZEN, Role.ENTERPRISE)),
    (_("受理工作台"), "cases:window_queue", "inboxes", (Role.CLERK,)),
    (_("审查工作台"), "cases:department_worklist", "clipboard-check", (Role.APPROVER,)),
    (_("超期预警"), "cases:overdue", "alarm", (Role.SUPERVISOR, Role.LEADER)),
    (
        _("统计分析"),
        "cases:statistics",
        "bar-chart-line",
        (Role.SUPERVISOR, Role.LEADER, Role.PARTY_MEMBER, Role.CLERK, Role.APPROVER, Role.AGENT),
    ),
    (
        _("好差评"),
        "feedback:ratings",
        "star-half",
        (Role.SUPERVISOR, Role.LEADER, Role.CLERK, Role.APPROVER),
    ),
    (
        _("诉求工单"),
        "feedback:orders",
        "headset",
        (Role.SUPERVISOR, Role.LEADER, Role.CLERK, Role.APPROVER),
    ),
    (
        _("巡察整改"),
        "rectification:ledger",
        "clipboard2-pulse",
        (
            Role.LEADER,
            Role.PARTY_MEMBER,
            Role.DISCIPLINE_OFFICER,
            Role.SUPERVISOR,
            Role.INSPECTION_OFFICE,
        ),
    ),
    (_("办事指南"), "catalog:browse", "journal-richtext", None),
    (_("服务网络"), "org:network", "diagram-3", None),
    (
        _("人员"),
        "org:staff_directory",
        "people",
        (Role.CLERK, Role.APPROVER, Role.AGENT, Role.SUPERVISOR, Role.LEADER),
    ),
    (_("用户与角色"), "accounts:user_list", "person-gear", (Role.SECURITY_ADMIN, Role.LEADER)),
    (_("登录锁定"), "accounts:lockouts", "lock", (Role.SECURITY_ADMIN,)),
    (
        _("事项管理"),
        "catalog:manage_items",
        "pencil-square",
        (Role.CLERK, Role.APPROVER, Role.LEADER),
    ),
    (_("工作日历"), "workdays:calendar", "calendar3", None),
    (_("审计日志"), "audit:list", "journal-text", (Role.AUDIT_ADMIN,)),
    (
        _("管理员变更审批"),
        "accounts:admin_changes",
        "shield-check",
        (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN),
    ),
    (_("基础数据"), "admin:index", "database-gear", (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN)),
    (
        _("办件查询"),
        "cases:search",
        "search",
        (Role.CLERK, Role.APPROVER, Role.SUPERVISOR, Role.LEADER),
    ),
    (_("大厅督查"), "hall:board", "binoculars", (Role.SUPERVISOR, Role.LEADER, Role.PARTY_MEMBER)),
    (_("叫号"), "hall:desk", "megaphone", (Role.CLERK, Role.AGENT)),
    (_("考勤签到"), "hall:attendance", "clock", (Role.CLERK, Role.AGENT)),
    (_("请假"), "hall:leave", "calendar-x", (Role.CLERK, Role.AGENT)),
    (_("我的绩效考核"), "hall:reviews", "clipboard-check", (Role.CLERK, Role.AGENT)),
    (_("就近办受理"), "hall:site_desk", "geo-alt", (Role.CLERK, Role.AGENT)),
    (
        _("季度考核排名"),
        "hall:assessments",
        "trophy",
        (Role.CLERK, Role.APPROVER, Role.AGENT, Role.DISCIPLINE_OFFICER),
    ),
    (
        _("党组治理"),
        "governance:home",
        "bank",
        (
            Role.LEADER,
            Role.PARTY_MEMBER,
            Role.PRINCIPAL,
            Role.DISCIPLINE_OFFICER,
            Role.OFFICE,
            Role.PERSONNEL,
            Role.DIVISION_HEAD,
        ),
    ),
    (
        _("支出申请"),
        "governance:expenditures",
        "cash-coin",
        (Role.CLERK, Role.APPROVER, Role.AGENT, Role.SUPERVISOR),
    ),
    (
        _("整改通报"),
        "rectification:reports",
        "file-earmark-text",
        (Role.LEADER, Role.PARTY_MEMBER, Role.DISCIPLINE_OFFICER, Role.SUPERVISOR),
    ),
    (
        _("问责方式"),
        "rectification:accountability_types",
        "list-ol",
        (Role.OFFICE, Role.LEADER, Role.PARTY_MEMBER, Role.DISCIPLINE_OFFICER),
    ),
    (
        _("台账导入"),
        "rectification:ledger_import",
        "file-earmark-arrow-up",
        (Role.LEADER, Role.PARTY_MEMBER),
    ),
    (
        _("工程建设项目"),
        "projects:list",
        "building",
        (Role.ENTERPRISE, Role.CLERK, Role.APPROVER, Role.AGENT, Role.SUPERVISOR, Role.LEADER),
    ),
    (_("并联审查"), "projects:worklist", "diagram-2", (Role.APPROVER,)),
    (_("重点项目看板"), "projects:board", "kanban", (Role.AGENT, Role.LEADER, Role.SUPERVISOR)),
    (_("项目通知"), "projects:notices", "bell", (Role.ENTERPRISE, Role.AGENT)),
    (_("代办材料"), "projects:agent_materials", "file-earmark-arrow-up", (Role.AGENT,)),
    (
        _("项目统计"),
        "projects:statistics",
        "graph-up",
        (Role.LEADER, Role.SUPERVISOR, Role.PARTY_MEMBER, Role.CLERK, Role.AGENT),
    ),
]

# Areas whose pages land one by one; a missing URL there hides the link instead of failing.
_OPTIONAL_APPS = frozenset({"cases", "feedback", "rectification", "governance"})

_PUBLIC = [
    (_("办事指南"), "catalog:browse", "journal-richtext", None),
    (_("办件查询"), "cases:track", "search", None),
    (_("服务评价"), "feedback:public", "star", None),
    (_("我要吐槽"), "feedback:online_complaint", "chat-left-dots", None),
    (_("整改通报"), "rectification:public_reports", "megaphone", None),
    (_("服务网络"), "org:network", "diagram-3", None),
    (_("取号"), "hall:queue_take", "ticket", None),
]


# Reference pages every role consults now and then: grouped under 更多 so the bar stays one line.
_MORE = frozenset(
    {
        "catalog:browse",
        "catalog:manage_items",
        "org:network",
        "org:staff_directory",
        "accounts:user_list",
        "workdays:calendar",
        "hall:attendance",
        "hall:leave",
        "hall:reviews",
        "hall:site_desk",
        "hall:assessments",
        "rectification:reports",
        "rectification:ledger_import",
        "rectification:accountability_types",
    }
)


def _reachable(request, source):
    user = request.user
    for label, name, icon, roles in source:
        if roles is not None and not user.has_role(*roles):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            if name.split(":")[0] in _OPTIONAL_APPS:
                continue  # an area still being built: its link appears once it exists
            raise
        yield name, {"label": label, "url": url, "icon": icon, "active": request.path == url}


def nav_items(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    if not user.is_authenticated:
        return {"nav_items": [item for _name, item in _reachable(request, _PUBLIC)]}
    items, more = [], []
    for name, item in _reachable(request, _ITEMS):
        (more if name in _MORE else items).append(item)
    if len(more) > 1:
        items.append(
            {
                "label": _("更多"),
                "url": "#",
                "icon": "grid-3x3-gap",
                "active": any(child["active"] for child in more),
                "children": more,
            }
        )
    else:
        items.extend(more)
    return {"nav_items": items}
