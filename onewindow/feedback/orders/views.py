"""Work-order pages: the list with tabs, an order with its timeline and action cards, the
staff's registration form, the public 吐槽找茬 form and the supervisors' appeal queue.

Thin: selectors read (scoped; an order out of scope is 404), services write. Each action
card posts to ``feedback:order_action``; a refusal comes back on the order's page with
its message (400, 403 or 409) and nothing changed.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onewindow.core import throttle
from onewindow.core.errors import DomainError, PermissionDenied
from onewindow.core.forms import show_error
from onewindow.core.idempotency import idempotent

from ..constants import AppealStatus, WorkOrderKind, WorkOrderSource, WorkOrderStatus
from . import forms, selectors, services, workflow
from .workflow import ACTION_LABELS

PER_PAGE = 30
THROTTLE_SECONDS = 3600

# action -> (form class or None, prefix)
ACTION_FORMS = {
    "dispatch": forms.DispatchForm,
    "start": None,
    "reply": forms.ReplyForm,
    "record_callback": forms.CallbackForm,
    "close": forms.NoteForm,
    "return": forms.ReasonForm,
    "chase": forms.ReasonForm,
    "rate_handling": forms.RateForm,
    "appeal": forms.ReasonForm,
    "uphold_appeal": forms.RulingForm,
    "reject_appeal": forms.RulingForm,
}
DONE_MESSAGES = {
    "dispatch": gettext_lazy("已分派"),
    "start": gettext_lazy("已开始办理"),
    "reply": gettext_lazy("已答复"),
    "record_callback": gettext_lazy("已登记回访"),
    "close": gettext_lazy("已办结"),
    "return": gettext_lazy("已退回重办"),
    "chase": gettext_lazy("已督办"),
    "rate_handling": gettext_lazy("已评价"),
    "appeal": gettext_lazy("已提交申诉，待督查人员审核"),
    "uphold_appeal": gettext_lazy("申诉成立，差评不计入公开统计"),
    "reject_appeal": gettext_lazy("申诉驳回，整改继续"),
}


def _forms(actions, data=None) -> dict:
    return {
        action: (ACTION_FORMS[action](data, prefix=action) if ACTION_FORMS[action] else None)
        for action in actions
    }


def actions_for(order, user) -> list[str]:
    """The actions to show: the table's, less those the order's state rules out."""
    appeal = order.rating.appeal_status if order.rating_id else None
    shown = []
    for action in workflow.allowed_actions(order, user):
        if action == "appeal" and (
            order.kind != WorkOrderKind.REMEDY or appeal != AppealStatus.NONE
        ):
            continue
        if action in ("uphold_appeal", "reject_appeal") and appeal != AppealStatus.PENDING:
            continue
        if action in ("reply", "close") and appeal == AppealStatus.PENDING:
            continue
        if action == "rate_handling" and order.satisfaction is not None:
            continue
        shown.append(action)
    return shown


def _act(request, order, action, form):
    user, data = request.user, (form.cleaned_data if form is not None else {})
    if action == "dispatch":
        return services.dispatch(
            order, data["department"], user, note=data["note"], request=request
        )
    if action == "start":
        return services.start(order, user, request=request)
    if action == "reply":
        return services.reply(
            order, data["reply"], user, verification=data["verification"], request=request
        )
    if action == "record_callback":
        return services.record_callback(order, data["result"], data["note"], user, request=request)
    if action == "close":
        return services.close(order, user, note=data["note"], request=request)
    if action == "return":
        return services.return_order(order, data["reason"], user, request=request)
    if action == "chase":
        return services.chase(order, data["reason"], user, request=request)
    if action == "rate_handling":
        return services.rate_handling(order, data["level"], user, request=request)
    if action == "appeal":
        return services.appeal_rating(order, data["reason"], user, request=request)
    upheld = action == "uphold_appeal"
    return services.decide_appeal(order, upheld, data["ruling"], user, request=request)


def _detail_context(order, user, forms_by_action, error=None) -> dict:
    return {
        "order": order,
        "events": selectors.timeline(order),
        "urgency": selectors.urgency(order),
        "callback_due": selectors.callback_due_of(order),
        "forms": forms_by_action,
        "actions": [
            (action, str(ACTION_LABELS.get(action, action)), form)
            for action, form in forms_by_action.items()
        ],
        "error": error,
        "callback_required": order.is_real_name
        or bool(order.rating_id and order.rating.is_real_name),
    }


# -- the list ----------------------------------------------------------------------------


@require_GET
@login_required
def order_list(request):
    user = request.user
    filters = selectors.clean_filters(user, request.GET)
    now = timezone.now()
    orders = selectors.order_list(user, filters, now)
    page = Paginator(orders, PER_PAGE).get_page(request.GET.get("page"))
    departments = []
    if selectors.sees_all(user):
        from onewindow.org.models import Department

        departments = list(Department.objects.filter(is_active=True).only("pk", "name"))
    context = {
        "tabs": selectors.tabs_for(user),
        "filters": filters,
        "page_obj": page,
        "rows": selectors.with_urgency(page.object_list, now),
        "statuses": WorkOrderStatus.choices,
        "kinds": WorkOrderKind.choices,
        "sources": WorkOrderSource.choices,
        "source_counts": selectors.source_counts(user) if filters.tab == "source" else [],
        "departments": departments,
        "may_register": selectors.may_register(user),
        "is_supervisor": selectors.is_supervisor(user),
    }
    return render(request, "feedback/orders/list.html", context)


# -- one order ---------------------------------------------------------------------------


@require_GET
@login_required
def order_detail(request, number):
    order = selectors.order_for(request.user, number)
    context = _detail_context(order, request.user, _forms(actions_for(order, request.user)))
    return render(request, "feedback/orders/detail.html", context)


@require_POST
@login_required
def order_action(request, number, action):
    user = request.user
    order = selectors.order_for(user, number)
    if action not in ACTION_FORMS:
        raise Http404
    shown = actions_for(order, user)
    posted = _forms([action], request.POST)
    form = posted[action]
    status, error = 200, None
    if action not in shown:
        # A stale page, or not this user's step: 409 or 403, nothing changes.
        try:
            row = workflow.find(order.status, action)
        except DomainError as exc:
            status, error = exc.status, exc.message
        else:
            if workflow.may_act(row, user, order):
                status, error = 409, _("工单当前状态不能执行此操作，请刷新后重试")
            else:
                status, error = 403, str(PermissionDenied.default_message)
    elif form is not None and not form.is_valid():
        status, error = 400, _("输入有误，请检查后重试")
    else:
        try:
            _act(request, order, action, form)
        except DomainError as exc:
            status, error = exc.status, exc.message
            if form is not None:
                show_error(form, exc)
        else:
            messages.success(request, DONE_MESSAGES[action])
            return redirect("feedback:order_detail", number=order.number)
    order = selectors.order_for(user, number)
    forms_by_action = _forms(actions_for(order, user))
    if action in forms_by_action and status != 409:
        forms_by_action[action] = form
    context = _detail_context(order, user, forms_by_action, error)
    return render(request, "feedback/orders/detail.html", context, status=status)


# -- registration by staff ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def order_new(request):
    user = request.user
    if not selectors.may_register(user):
        raise PermissionDenied(_("只有窗口工作人员和大厅督查人员可以登记工单"))
    form = forms.RegisterOrderForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                order = services.open_work_order(
                    source=data["source"],
                    kind=data["kind"],
                    subject=data["subject"],
                    content=data["content"],
                    requester_name=data["requester_name"],
                    requester_phone=data["requester_phone"],
                    is_real_name=data["is_real_name"],
                    department=data["department"],
                    external_number=data["external_number"],
                    actor=user,
                    request=request,
                )
            except DomainError as exc:
                show_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("已登记工单 %(number)s") % {"number": order.number})
                return redirect("feedback:order_detail", number=order.number)
        else:
            status = 400
    return render(request, "feedback/orders/new.html", {"form": form}, status=status)


# -- the public 吐槽找茬 form ---------------------------------------------------------------


def _take_submission(request) -> str:
    """Count this submission for the address (given back if it is not accepted)."""
    return throttle.take(
        "feedback:complaints",
        request,
        limit=int(settings.FEEDBACK_COMPLAINTS_PER_HOUR),
        seconds=THROTTLE_SECONDS,
        message=_("提交过于频繁，请一小时后再试。"),
    )


@idempotent
@require_http_methods(["GET", "POST"])
def online_complaint(request):
    form = forms.OnlineComplaintForm(request.POST or None)
    status, error = 200, None
    if request.method == "POST":
        try:
            key = _take_submission(request)
        except throttle.Throttled as exc:
            status, error = 429, exc.message
        else:
            order, status = _open_complaint(request, form)
            if order is None:
                throttle.give_back(key)  # only accepted submissions count
            else:
                context = {"order": order, "anonymous": form.cleaned_data["anonymous"]}
                return render(request, "feedback/orders/receipt.html", context)
    context = {"form": form, "error": error}
    return render(request, "feedback/orders/complain.html", context, status=status)


def _open_complaint(request, form):
    """(the new work order, 200), or (None, the status of what was wrong with the form)."""
    if not form.is_valid():
        return None, 400
    data = form.cleaned_data
    anonymous = data["anonymous"]
    user = request.user if request.user.is_authenticated else None
    try:
        order = services.open_work_order(
            source=WorkOrderSource.ONLINE_COMPLAINT,
            kind=data["kind"],
            subject=data["subject"],
            content=data["content"],
            requester_name="" if anonymous else data["requester_name"],
            requester_phone="" if anonymous else data["requester_phone"],
            requester=None if anonymous else user,
            is_real_name=not anonymous,
            actor=user,
            request=request,
        )
    except DomainError as exc:
        show_error(form, exc)
        return None, exc.status
    return order, 200


# -- the supervisors' appeal queue ---------------------------------------------------------


@require_GET
@login_required
def appeals(request):
    orders = selectors.appeals_queue(request.user)
    page = Paginator(orders, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "feedback/orders/appeals.html", {"page_obj": page})
