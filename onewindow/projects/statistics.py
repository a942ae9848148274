"""Construction-project statistics: projects by stage and kind, days per stage against
the limits, and the yearly figures the seed reports (备案 509, 核准 3, 审批 76, 施工许可 86,
商品房预售 4, 房地产开发企业资质 16, 竣工验收备案 228 栋, 建筑企业资质 11 in 2020)."""

from __future__ import annotations

import io

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from onewindow.accounts.constants import Role
from onewindow.core.errors import PermissionDenied
from onewindow.core.workdays.calendar import get_calendar

from .constants import PermitKind, Procedure, ProjectKind, RunStatus
from .models import BuildingFiling, Permit, Project, Stage, StageRun
from .selectors import stage_label

VIEW_ROLES = (Role.LEADER, Role.SUPERVISOR, Role.PARTY_MEMBER, Role.CLERK, Role.AGENT)


def check_viewer(user) -> None:
    if not user.has_role(*VIEW_ROLES):
        raise PermissionDenied(_("工程建设项目统计仅供工作人员和局领导查看"))


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def report(year=None) -> dict:
    year = _year(year)
    procedures = dict(
        Project.objects.filter(procedure_on__year=year)
        .values_list("procedure")
        .annotate(n=Count("id"))
    )
    permits = dict(
        Permit.objects.filter(issued_on__year=year).values_list("kind").annotate(n=Count("id"))
    )
    figures = [
        (_("投资项目备案"), procedures.get(Procedure.FILING, 0)),
        (_("投资项目核准"), procedures.get(Procedure.RATIFICATION, 0)),
        (_("投资项目审批"), procedures.get(Procedure.APPROVAL, 0)),
        (_("施工许可"), permits.get(PermitKind.CONSTRUCTION, 0)),
        (_("商品房预售许可"), permits.get(PermitKind.PRESALE, 0)),
        (_("房地产开发企业资质"), permits.get(PermitKind.DEVELOPER, 0)),
        (_("竣工验收备案（栋）"), BuildingFiling.objects.filter(filed_on__year=year).count()),
        (_("建筑企业资质"), permits.get(PermitKind.BUILDER, 0)),
    ]
    by_stage = []
    counts = {
        (k, s): n
        for k, s, n in Project.objects.values_list("kind", "current_stage").annotate(n=Count("id"))
    }
    for order in range(0, 6):
        by_stage.append(
            {
                "stage": stage_label(order),
                "social": counts.get((ProjectKind.SOCIAL, order), 0),
                "government": counts.get((ProjectKind.GOVERNMENT, order), 0),
            }
        )
    calendar = get_calendar()
    days = []
    for stage in Stage.objects.all():
        runs = StageRun.objects.filter(
            stage=stage, status=RunStatus.DONE, finished_on__year=year, started_on__isnull=False
        ).values_list("started_on", "finished_on")
        taken = [calendar.workdays_between(a, b) for a, b in runs]
        days.append(
            {
                "stage": str(stage),
                "limit": stage.limit_days,
                "count": len(taken),
                "average": round(sum(taken) / len(taken), 1) if taken else None,
                "over": sum(1 for t in taken if t > stage.limit_days),
            }
        )
    return {"year": year, "figures": figures, "by_stage": by_stage, "days": days}


def excel(data: dict) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = _("年度数据")
    ws.append([_("%(y)s年") % {"y": data["year"]}, _("数量")])
    for label, n in data["figures"]:
        ws.append([str(label), n])
    ws2 = book.create_sheet(_("按阶段"))
    ws2.append([_("阶段"), _("社会投资"), _("政府投资")])
    for row in data["by_stage"]:
        ws2.append([row["stage"], row["social"], row["government"]])
    ws3 = book.create_sheet(_("阶段用时"))
    ws3.append([_("阶段"), _("时限（工作日）"), _("办结数"), _("平均用时"), _("超时")])
    for row in data["days"]:
        ws3.append([row["stage"], row["limit"], row["count"], row["average"], row["over"]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
