"""The home page shows one panel per role the user holds, each with that role's work.

A panel is a function ``(user, today) -> dict`` with a title, a list of facts
(label, value, optional link) and links. Later areas (cases, ratings, ledger) add their
own facts here as they land.
"""

from datetime import date

from django.contrib.sessions.models import Session
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.constants import AccountKind, AdminChangeStatus, Role
from onewindow.accounts.models import User, UserRole
from onewindow.accounts.selectors import admin_changes, awaiting_decision
from onewindow.cases import selectors as case_selectors
from onewindow.core.text import join_names
from onewindow.core.workdays.calendar import get_calendar
from onewindow.governance.panels import governance_panel
from onewindow.org import selectors as org_selectors
from onewindow.org.models import WindowAssignment


def _fact(label, value, url=None):
    return {"label": label, "value": value, "url": url}


def _url(name, **kwargs):
    """A case area's page, or None while that area is not there yet (its link is left out)."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def _links(*pairs):
    return [(label, url) for label, url in pairs if url]


def _today_facts(today: date):
    calendar = get_calendar()
    status = _("工作日") if calendar.is_workday(today) else _("休息日")
    return [
        _fact(_("今天"), f"{today:%Y-%m-%d} · {status}", reverse("workdays:calendar")),
        _fact(_("下一个工作日"), f"{calendar.next_workday(today):%Y-%m-%d}"),
    ]


def public_panel(user, today):
    facts = [
        _fact(_("账号类别"), user.get_kind_display()),
        _fact(_("手机号码"), str(user.phone or "—"), reverse("accounts:me")),
    ]
    if user.kind == AccountKind.ENTERPRISE:
        facts.append(_fact(_("统一社会信用代码"), user.uscc))
    return {
        "title": _("我的办事"),
        "facts": facts,
        "links": _links(
            (_("我的办件"), _url("cases:my_cases")),
            (_("服务网络与办事地点"), reverse("org:network")),
            (_("我的账号"), reverse("accounts:me")),
        ),
    }


def clerk_panel(user, today):
    postings = WindowAssignment.objects.filter(user=user, ended_on__isnull=True).select_related(
        "window__site"
    )
    windows = join_names(f"{p.window.site.name} {p.window}" for p in postings) or _("未安排窗口")
    counts = case_selectors.window_counts(user, today)
    queue = reverse("cases:window_queue")
    return {
        "title": _("窗口受理"),
        "facts": [
            _fact(_("我的窗口"), windows),
            _fact(_("待受理"), counts["queue"], queue),
            _fact(_("超期未答复的申请"), counts["unanswered"], f"{queue}?tab=unanswered"),
            _fact(_("容缺待补齐"), counts["promises"], f"{queue}?tab=promises"),
            _fact(_("待送达"), counts["delivery"], f"{queue}?tab=delivery"),
            *_today_facts(today),
        ],
        "links": [
            (_("受理工作台"), queue),
            (_("代为申请"), reverse("cases:window_apply")),
            (_("服务网络"), reverse("org:network")),
        ],
    }


def _staff_panel(user, today):
    department = user.department
    staff = User.objects.filter(department=department, is_active=True).count() if department else 0
    return {
        "title": _("部门审批"),
        "facts": [
            _fact(_("所属部门"), str(department or _("未设置"))),
            _fact(_("本部门在岗人员"), staff, reverse("org:staff_directory")),
            *_today_facts(today),
        ],
        "links": [(_("工作日历"), reverse("workdays:calendar"))],
    }


def department_panel(user, today):
    panel = _staff_panel(user, today)
    if case_selectors.is_approver(user):
        worklist = reverse("cases:department_worklist")
        warnings = case_selectors.warning_totals(user, today)
        panel["facts"][1:1] = [
            _fact(_("待办审查任务"), case_selectors.department_tasks(user).count(), worklist),
            _fact(_("超期"), warnings["overdue"], reverse("cases:overdue") + "?level=overdue"),
            _fact(_("红色 / 黄色预警"), f"{warnings['red']} / {warnings['yellow']}"),
        ]
        panel["links"] = [
            (_("审查工作台"), worklist),
            (_("超期预警"), reverse("cases:overdue")),
            *panel["links"],
        ]
    return panel


def agent_panel(user, today):
    panel = _staff_panel(user, today)
    panel["title"] = _("帮办代办")
    return panel


def _warning_facts(user, today):
    warnings = case_selectors.warning_totals(user, today)
    overdue = reverse("cases:overdue")
    unanswered = case_selectors.oversight_unanswered(user, today).count()
    return [
        _fact(_("超期办件"), warnings["overdue"], f"{overdue}?level=overdue"),
        _fact(_("红色预警"), warnings["red"], f"{overdue}?level=red"),
        _fact(_("黄色预警"), warnings["yellow"], f"{overdue}?level=yellow"),
        _fact(_("超期未答复的申请"), unanswered, overdue),
    ]


def _oversight_links():
    return _links(
        (_("超期预警"), reverse("cases:overdue")),
        (_("统计分析"), _url("cases:statistics")),
    )


def supervisor_panel(user, today):
    summary = org_selectors.network_summary()
    on_duty = WindowAssignment.objects.filter(ended_on__isnull=True).count()
    return {
        "title": _("大厅督查"),
        "facts": [
            _fact(_("窗口"), summary["windows"]["total"]),
            _fact(_("党员示范岗"), summary["windows"]["party_member_posts"]),
            _fact(_("在岗窗口人员安排"), on_duty, reverse("org:staff_directory")),
            _fact(_("自助服务终端"), summary["terminals"]),
            *_warning_facts(user, today),
        ],
        "links": [*_oversight_links(), (_("服务网络"), reverse("org:network"))],
    }


def leader_panel(user, today):
    summary = org_selectors.network_summary()
    return {
        "title": _("全局概览"),
        "facts": [
            _fact(_("部门"), summary["departments"]["total"]),
            _fact(_("镇街便民服务中心"), summary["sites"]["town_centre"], reverse("org:network")),
            _fact(_("社区便民服务中心"), summary["sites"]["community_centre"]),
            _fact(_("村级便民服务站（点）"), summary["sites"]["village_station"]),
            _fact(_("网上便民服务分厅"), summary["sites"]["online_branch"]),
            _fact(_("自助服务终端"), summary["terminals"]),
            *_warning_facts(user, today),
        ],
        "links": [*_oversight_links(), (_("用户"), reverse("accounts:user_list"))],
    }


def party_panel(user, today):
    members = User.objects.filter(role_grants__role=Role.PARTY_MEMBER, is_active=True)
    return {
        "title": _("党组"),
        "facts": [
            _fact(_("党组成员"), join_names(m.display_name for m in members) or "—"),
            *_today_facts(today),
        ],
        "links": [],
    }


def discipline_panel(user, today):
    panel = party_panel(user, today)
    panel["title"] = _("派驻纪检监察")
    return panel


def inspection_office_panel(user, today):
    """巡察办: the close-outs waiting for its confirmation (领导验收, not yet confirmed)."""
    from onewindow.rectification.constants import MeasureStatus
    from onewindow.rectification.models import Measure

    waiting = Measure.objects.filter(status=MeasureStatus.ACCEPTED).count()
    return {
        "title": _("巡察办"),
        "facts": [
            _fact(_("待确认销号的整改措施"), waiting, reverse("rectification:ledger")),
            *_today_facts(today),
        ],
        "links": [(_("巡察整改台账"), reverse("rectification:ledger"))],
    }


def _admin_changes_fact(user, *, filed=False):
    """Changes to administrators: waiting for this administrator's decision, or (for the
    security administrator, who files them) waiting for anyone's."""
    if filed:
        label = _("等待审批的管理员变更")
        waiting = admin_changes(user).filter(status=AdminChangeStatus.PENDING)
    else:
        label, waiting = _("待我审批的管理员变更"), awaiting_decision(user)
    return _fact(label, waiting.count(), reverse("accounts:admin_changes"))


def system_admin_panel(user, today):
    calendar = get_calendar()
    years = sorted(calendar.verified_years)
    return {
        "title": _("系统管理"),
        "facts": [
            _fact(
                _("已核定的节假日年度"),
                f"{years[0]}–{years[-1]}" if years else _("无"),
                reverse("workdays:calendar"),
            ),
            _fact(
                _("今年节假日安排"),
                _("已核定") if calendar.year_is_verified(today.year) else _("未核定"),
            ),
            _admin_changes_fact(user),
        ],
        "links": [
            (_("基础数据管理"), reverse("admin:index")),
            (_("工作日历"), reverse("workdays:calendar")),
        ],
    }


def security_admin_panel(user, today):
    from axes.models import AccessAttempt

    kinds = dict(User.objects.values_list("kind").annotate(n=Count("id")))
    sessions = Session.objects.filter(expire_date__gt=timezone.now()).count()
    recent = UserRole.objects.select_related("user").order_by("-granted_at")[:5]
    return {
        "title": _("安全管理"),
        "facts": [
            _fact(
                _("工作人员账号"), kinds.get(AccountKind.STAFF, 0), reverse("accounts:user_list")
            ),
            _fact(_("个人账号"), kinds.get(AccountKind.CITIZEN, 0)),
            _fact(_("企业账号"), kinds.get(AccountKind.ENTERPRISE, 0)),
            _fact(_("有效登录会话"), sessions),
            _fact(_("登录失败记录"), AccessAttempt.objects.count()),
            _fact(
                _("最近授予的角色"),
                join_names(f"{g.user} · {g.get_role_display()}" for g in recent) or "—",
            ),
            _admin_changes_fact(user, filed=True),
        ],
        "links": [(_("用户与角色"), reverse("accounts:user_list"))],
    }


def audit_admin_panel(user, today):
    from onewindow.core.audit.models import AuditEvent

    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    latest = AuditEvent.objects.order_by("-id").first()
    return {
        "title": _("安全审计"),
        "facts": [
            _fact(
                _("今日审计记录"),
                AuditEvent.objects.filter(occurred_at__gte=start).count(),
                reverse("audit:list"),
            ),
            _fact(
                _("今日登录失败"),
                AuditEvent.objects.filter(occurred_at__gte=start, action="login_failed").count(),
            ),
            _fact(
                _("最近一条"),
                f"{timezone.localtime(latest.occurred_at):%Y-%m-%d %H:%M} {latest.action}"
                if latest
                else "—",
            ),
            _admin_changes_fact(user),
        ],
        "links": [(_("审计日志"), reverse("audit:list"))],
    }


PANELS = {
    Role.CITIZEN: public_panel,
    Role.ENTERPRISE: public_panel,
    Role.CLERK: clerk_panel,
    Role.APPROVER: department_panel,
    Role.AGENT: agent_panel,
    Role.SUPERVISOR: supervisor_panel,
    Role.LEADER: leader_panel,
    Role.PARTY_MEMBER: party_panel,
    Role.DISCIPLINE_OFFICER: discipline_panel,
    Role.SYSTEM_ADMIN: system_admin_panel,
    Role.SECURITY_ADMIN: security_admin_panel,
    Role.AUDIT_ADMIN: audit_admin_panel,
    Role.OFFICE: governance_panel,
    Role.PERSONNEL: governance_panel,
    Role.DIVISION_HEAD: governance_panel,
    Role.PRINCIPAL: governance_panel,
    Role.INSPECTION_OFFICE: inspection_office_panel,
}


def panels_for(user, today: date | None = None) -> list[dict]:
    today = today or timezone.localdate()
    seen, panels = set(), []
    for role in Role:  # a fixed order, whatever order the grants came in
        builder = PANELS[role]
        if role in user.roles and builder not in seen:
            seen.add(builder)
            panels.append({"role": role.label, **builder(user, today)})
    return panels
