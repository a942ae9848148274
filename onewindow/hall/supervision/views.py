"""Pages of hall supervision: the board, patrols, attendance, notices, assessments, rules.

Thin: selectors read, services write; a DomainError becomes a message on the page."""

from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from onewindow.core.errors import DomainError, InvalidInput

from ..constants import COMPONENTS, FindingKind, LeaveKind, NoticeKind, NoticeStatus
from ..models import Patrol
from ..queue import selectors as queue_selectors
from . import assessment, attendance, charts, common, leave, notices, patrols, selectors


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _fail(request, exc: DomainError):
    messages.error(request, exc.message)


@require_GET
@login_required
def board(request):
    common.require_reader(request.user)
    today = timezone.localdate()
    year, quarter = selectors.quarter_of(today)
    day_patrols = selectors.patrols_of(today)
    ranking = selectors.live_ranking(year, quarter, today)
    waits = queue_selectors.waits_today(today)
    rules = common.rules()
    now = timezone.localtime()
    in_hours = (rules.morning_start <= now.time() < rules.morning_end) or (
        rules.afternoon_start <= now.time() < rules.afternoon_end
    )
    idle = queue_selectors.idle_windows(now, rules.idle_minutes) if in_hours else []
    context = {
        "today": today,
        "year": year,
        "quarter": quarter,
        "attendance": selectors.today_attendance(today),
        "patrols": day_patrols,
        "patrol_counts": selectors.patrol_counts(day_patrols),
        "findings": selectors.recent_findings(),
        "ranking": ranking[:10],
        "ranking_option": charts.ranking(
            {"label": r["window"].number, "score": r["score"]} for r in ranking
        ),
        "waits": waits,
        "waits_option": charts.waits(
            [w["zone"] for w in waits["zones"]], [w["minutes"] for w in waits["zones"]]
        ),
        "is_supervisor": common.is_supervisor(request.user),
        "idle_windows": [w for w in selectors.hall_windows() if w.pk in set(idle)],
        "idle_minutes": rules.idle_minutes,
    }
    return render(request, "hall/board.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def patrol_day(request):
    common.require_reader(request.user)
    day = timezone.localdate()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "plan":
                patrols.plan_day(request.user, day, request=request)
                messages.success(request, _("已生成今日巡查时间"))
            elif action == "finish":
                patrol = Patrol.objects.filter(pk=_int(request.POST.get("patrol")), day=day).first()
                if patrol is None:
                    raise InvalidInput(_("该巡查不存在"))
                patrols.finish(request.user, patrol, request=request)
                messages.success(request, _("已记录巡查完成"))
            elif action == "finding":
                patrol = Patrol.objects.filter(pk=_int(request.POST.get("patrol")), day=day).first()
                patrols.record_finding(
                    request.user,
                    patrol,
                    window=request.POST.get("window"),
                    kind=request.POST.get("kind", ""),
                    note=request.POST.get("note", ""),
                    photo=request.FILES.get("photo"),
                    request=request,
                )
                messages.success(request, _("已登记巡查问题，并已告知窗口工作人员"))
        except DomainError as exc:
            _fail(request, exc)
        return redirect("hall:patrols")
    context = {
        "today": day,
        "patrols": selectors.patrols_of(day),
        "windows": selectors.hall_windows(),
        "kinds": FindingKind.choices,
        "findings": selectors.recent_findings(days=1, limit=50),
        "is_supervisor": common.is_supervisor(request.user),
    }
    return render(request, "hall/patrols.html", context)


@require_GET
@login_required
def window_record(request, pk: int):
    window = selectors.window_for(request.user, pk)
    context = {
        "window": window,
        "findings": selectors.window_findings(window),
        "attendance": selectors.window_attendance(window),
    }
    return render(request, "hall/window_record.html", context)


def _parse_at(value):
    if not value:
        return None
    try:
        return timezone.make_aware(datetime.fromisoformat(value))
    except ValueError as exc:
        raise InvalidInput(_("时间格式不正确"), field="at") from exc


@require_http_methods(["GET", "POST"])
@login_required
def attendance_page(request):
    """Clerks clock themselves; supervisors record for anyone and run the daily check."""
    is_supervisor = common.is_supervisor(request.user)
    if not (is_supervisor or request.user.has_role(*common.WINDOW_STAFF)):
        common.require_reader(request.user)
    today = timezone.localdate()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "check":
                day = date.fromisoformat(request.POST.get("day") or str(today))
                result = attendance.check_day(day, actor=request.user)
                messages.success(
                    request,
                    _("考勤检查完成：缺勤%(absent)s人，空岗窗口%(unattended)s个") % result,
                )
            else:
                user = None
                if is_supervisor and request.POST.get("user"):
                    from onewindow.accounts.models import User

                    user = User.objects.filter(pk=_int(request.POST.get("user"))).first()
                    if user is None:
                        raise InvalidInput(_("该工作人员不存在"), field="user")
                at = _parse_at(request.POST.get("at")) if is_supervisor else None
                if action == "in":
                    attendance.clock_in(request.user, user=user, at=at, request=request)
                    messages.success(request, _("已签到"))
                elif action == "out":
                    attendance.clock_out(request.user, user=user, at=at, request=request)
                    messages.success(request, _("已签退"))
        except ValueError:
            messages.error(request, _("日期格式不正确"))
        except DomainError as exc:
            _fail(request, exc)
        return redirect("hall:attendance")
    mine = request.user.attendance.filter(day=today).first()
    context = {
        "today": today,
        "mine": mine,
        "my_window": common.window_of(request.user, today),
        "is_supervisor": is_supervisor,
        "attendance": selectors.today_attendance(today) if common.may_read(request.user) else None,
        "rules": common.rules(),
    }
    return render(request, "hall/attendance.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def notice_list(request):
    rows = selectors.notices_for(request.user)
    if request.method == "POST":
        today = timezone.localdate()
        year = _int(request.POST.get("year"), today.year)
        month = _int(request.POST.get("month"), today.month)
        try:
            if request.POST.get("kind") == NoticeKind.ATTENDANCE:
                half = _int(request.POST.get("half"), 1)
                notice = notices.draft_attendance(request.user, year, month, half, request=request)
            else:
                notice = notices.draft_monthly(request.user, year, month, request=request)
        except DomainError as exc:
            _fail(request, exc)
            return redirect("hall:notices")
        messages.success(request, _("已起草通报，请修改后发布"))
        return redirect("hall:notice_detail", pk=notice.pk)
    context = {
        "notices": rows[:100],
        "is_supervisor": common.is_supervisor(request.user),
        "today": timezone.localdate(),
        "months": range(1, 13),
    }
    return render(request, "hall/notices.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def notice_detail(request, pk: int):
    notice = selectors.notice_for(request.user, pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "publish":
                notices.publish(request.user, notice, request=request)
                messages.success(request, _("通报已发布"))
            else:
                notices.edit(
                    request.user,
                    notice,
                    title=request.POST.get("title", ""),
                    narrative=request.POST.get("narrative", ""),
                    request=request,
                )
                messages.success(request, _("已保存"))
        except DomainError as exc:
            _fail(request, exc)
        return redirect("hall:notice_detail", pk=notice.pk)
    context = {
        "notice": notice,
        "editable": notice.status == NoticeStatus.DRAFT and common.is_supervisor(request.user),
    }
    return render(request, "hall/notice_detail.html", context)


@require_GET
@login_required
def notice_word(request, pk: int):
    notice = selectors.notice_for(request.user, pk)
    response = HttpResponse(
        notices.word(notice),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    name = f"{notice.title}（{notice.number_label}）.docx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@require_http_methods(["GET", "POST"])
@login_required
def assessment_list(request):
    rows = selectors.assessments_for(request.user)
    today = timezone.localdate()
    if request.method == "POST":
        try:
            done = assessment.compute(
                request.user,
                _int(request.POST.get("year"), today.year),
                _int(request.POST.get("quarter"), 0),
                request=request,
            )
        except DomainError as exc:
            _fail(request, exc)
            return redirect("hall:assessments")
        messages.success(request, _("已完成评分"))
        return redirect("hall:assessment_detail", pk=done.pk)
    context = {
        "assessments": rows,
        "is_supervisor": common.is_supervisor(request.user),
        "today": today,
        "current_quarter": selectors.quarter_of(today)[1],
    }
    return render(request, "hall/assessments.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def assessment_detail(request, pk: int):
    found = selectors.assessment_for(request.user, pk)
    if request.method == "POST":
        try:
            assessment.publish(request.user, found, request=request)
            messages.success(request, _("考核排名已发布"))
        except DomainError as exc:
            _fail(request, exc)
        return redirect("hall:assessment_detail", pk=found.pk)
    windows = selectors.window_scores(found)
    depts = selectors.department_scores(found)
    context = {
        "assessment": found,
        "windows": windows,
        "departments": depts,
        "components": COMPONENTS,
        "option": charts.ranking(
            {"label": s.department.short_name or s.department.name, "score": s.score} for s in depts
        ),
        "is_supervisor": common.is_supervisor(request.user),
    }
    return render(request, "hall/assessment_detail.html", context)


@require_GET
@login_required
def yearly_review(request):
    year = _int(request.GET.get("year"), timezone.localdate().year)
    rows = selectors.yearly(request.user, year)
    return render(request, "hall/yearly.html", {"year": year, "rows": rows})


RULE_FIELDS = [
    "morning_start",
    "morning_end",
    "afternoon_start",
    "afternoon_end",
    "grace_minutes",
    "patrols_per_day",
    "idle_minutes",
    "weight_attendance",
    "weight_patrol",
    "weight_rating",
    "weight_overdue",
    "weight_complaint",
    "weight_queue",
    "points_late",
    "points_absent",
    "points_finding",
    "points_overdue",
    "points_complaint",
    "wait_threshold_minutes",
    "points_wait",
]


@require_http_methods(["GET", "POST"])
@login_required
def rules_page(request):
    common.require_reader(request.user)
    rules = common.rules()
    if request.method == "POST":
        values = {}
        try:
            for field in RULE_FIELDS:
                raw = request.POST.get(field, "")
                if field.endswith(("_start", "_end")):
                    try:
                        values[field] = datetime.strptime(raw, "%H:%M").time()
                    except ValueError as exc:
                        raise InvalidInput(_("时间格式应为 HH:MM"), field=field) from exc
                else:
                    values[field] = raw
            assessment.update_rules(request.user, request=request, **values)
            messages.success(request, _("已保存"))
        except DomainError as exc:
            _fail(request, exc)
        return redirect("hall:rules")
    fields = [
        (name, rules._meta.get_field(name).verbose_name, getattr(rules, name))
        for name in RULE_FIELDS
    ]
    context = {"fields": fields, "is_supervisor": common.is_supervisor(request.user)}
    return render(request, "hall/rules.html", context)


def _month(value, today) -> tuple[int, int]:
    try:
        year, month = (int(x) for x in (value or "").split("-"))
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return year, month
    except ValueError:
        pass
    return today.year, today.month


@require_http_methods(["GET", "POST"])
@login_required
def leave_page(request):
    """请假: staff apply, supervisors approve or refuse; the month's leave as a list."""
    is_supervisor = common.is_supervisor(request.user)
    is_staff = request.user.has_role(*common.WINDOW_STAFF)
    if not (is_staff or is_supervisor):
        common.require_reader(request.user)
    today = timezone.localdate()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "apply":
                leave.apply(
                    request.user,
                    kind=request.POST.get("kind", ""),
                    start=_parse_day(request.POST.get("start")),
                    end=_parse_day(request.POST.get("end")),
                    reason=request.POST.get("reason", ""),
                    request=request,
                )
                messages.success(request, _("请假申请已提交，等待审批"))
            elif action in ("approve", "refuse"):
                leave.decide(
                    request.user,
                    _int(request.POST.get("leave"), 0),
                    approve=action == "approve",
                    note=request.POST.get("note", ""),
                    request=request,
                )
                messages.success(request, _("已审批"))
        except DomainError as exc:
            _fail(request, exc)
        return redirect("hall:leave")
    year, month = _month(request.GET.get("month"), today)
    context = {
        "rows": leave.month(request.user, year, month),
        "month": f"{year:04d}-{month:02d}",
        "pending": leave.pending() if is_supervisor else [],
        "is_supervisor": is_supervisor,
        "is_staff": is_staff,
        "may_read": common.may_read(request.user),
        "kinds": LeaveKind.choices,
        "today": today,
    }
    return render(request, "hall/leave.html", context)


def _parse_day(value):
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return None
