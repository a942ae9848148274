"""The demo data, in dependency order. Each area adds its loader here as it lands."""

from onewindow.accounts import demo as accounts_demo
from onewindow.accounts.constants import Role
from onewindow.cases.demo import loader as cases_demo
from onewindow.cases.demo import rules as cases_demo_rules
from onewindow.catalog import demo as catalog_demo
from onewindow.core.workdays import services as workdays_services
from onewindow.core.workdays.package import package_years
from onewindow.feedback import demo as feedback_demo
from onewindow.governance import demo as governance_demo
from onewindow.hall import demo as hall_demo
from onewindow.org import demo as org_demo
from onewindow.projects import demo as projects_demo
from onewindow.rectification import demo as rectification_demo


def load_all():
    """Yield (step name, counts) as each area loads; every loader is idempotent."""
    first, last = package_years()
    result = workdays_services.seed_from_package(range(first, last + 1))
    yield "工作日历", {"years": f"{first}–{last}", "changed": result.changed}
    yield "机构与服务网络", org_demo.load_network()
    yield "账号", accounts_demo.load_users()
    yield "政务服务事项", catalog_demo.load_catalogue()
    yield "秒批规则", cases_demo_rules.load_instant_rules()
    yield "办件", cases_demo.load_cases()
    yield "好差评与诉求", feedback_demo.load_feedback()
    yield "巡察整改", rectification_demo.load_rectification()
    yield "大厅督查与服务网络", hall_demo.load_hall()
    yield "党组治理", governance_demo.load_governance()
    yield "工程建设项目", projects_demo.load_projects()


def logins() -> list[tuple[str, str, str]]:
    from onewindow.accounts.models import User

    users = {u.username: u for u in User.objects.filter(username__in=accounts_demo.DEMO_USERNAMES)}
    rows = []
    for username in accounts_demo.DEMO_USERNAMES:
        user = users.get(username)
        if user is not None:
            rows.append(
                (
                    username,
                    user.display_name,
                    "、".join(str(Role(r).label) for r in sorted(user.roles)),
                )
            )
    return rows
