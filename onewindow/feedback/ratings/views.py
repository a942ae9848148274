"""Rating pages: the mobile page behind the QR codes, the window's screen, the staff's list,
the applicant's online rating and the supervisors' spot check. Thin: parse, call, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onewindow.accounts.constants import Role
from onewindow.core.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied
from onewindow.core.forms import show_error
from onewindow.core.idempotency import idempotent

from ..constants import RatingChannel
from ..models import Rating
from . import selectors, services, visits
from .forms import FilterForm, NewVisitForm, RatingForm, SpotCheckForm
from .receipts import qr_data

PER_PAGE = 30
SESSION_RATED = "feedback_rated"
# How often the window's screen asks for the current code (seconds).
SCREEN_REFRESH_SECONDS = 5


def _optional_url(name: str, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def _refused(request, exc: DomainError):
    return render(
        request, "feedback/ratings/refused.html", {"message": exc.message}, status=exc.status
    )


# -- the mobile page behind the QR code -------------------------------------------------


@idempotent
@require_http_methods(["GET", "POST"])
def rate(request, token: str):
    source = request.POST if request.method == "POST" else request.GET
    case_number = (source.get("case") or "").strip() or None
    try:
        found = services.token_for(token)
        services.check_token(found, case_number=case_number)
    except DomainError as exc:
        return _refused(request, exc)
    form = RatingForm(request.POST if request.method == "POST" else None, channel=found.channel)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                rating = services.submit_rating(
                    token,
                    level=data["level"],
                    scores=form.scores(),
                    comment=data["comment"],
                    rater=request.user,
                    case_number=case_number,
                    request=request,
                )
            except InvalidInput as exc:
                if exc.field == "token":
                    return _refused(request, exc)
                show_error(form, exc)
            except (Conflict, PermissionDenied) as exc:
                return _refused(request, exc)
            else:
                request.session[SESSION_RATED] = rating.pk
                return redirect("feedback:rate_thanks")
    context = {"token": found, "form": form, "case_number": case_number or ""}
    return render(request, "feedback/ratings/rate.html", context, status=status)


@require_GET
def rate_thanks(request):
    rating = None
    pk = request.session.get(SESSION_RATED)
    if pk:
        rating = Rating.objects.filter(pk=pk).only("pk", "level", "is_bad").first()
    context = {
        "rating": rating,
        "remedy_days": getattr(settings, "FEEDBACK_REMEDY_WORKDAYS", 5),
    }
    return render(request, "feedback/ratings/thanks.html", context)


# -- the window's screen ----------------------------------------------------------------


def _screen_context(user, window) -> dict:
    token = selectors.current_token(window)
    return {
        "window": window,
        "token": token,
        "qr": qr_data(services.signed_for(token)) if token is not None else None,
        "refresh_seconds": SCREEN_REFRESH_SECONDS,
        "is_on_duty": window.pk in visits.on_duty_window_ids(user),
    }


@require_GET
@login_required
def window_screen(request, window_id: int):
    window = selectors.screen_window(request.user, window_id)
    context = _screen_context(request.user, window)
    if request.headers.get("HX-Request"):
        return render(request, "feedback/ratings/_screen_qr.html", context)
    context["visit_form"] = NewVisitForm()
    return render(request, "feedback/ratings/window_screen.html", context)


@require_POST
@login_required
def new_visit(request, window_id: int):
    window = selectors.screen_window(request.user, window_id)
    form = NewVisitForm(request.POST)
    if form.is_valid():
        try:
            token, _signed = visits.start_visit(
                request.user, window, form.cleaned_data["case_number"], request=request
            )
        except InvalidInput as exc:
            show_error(form, exc)
        else:
            messages.success(
                request,
                _("已为办件 %(number)s 生成新的评价码") % {"number": token.case.number},
            )
            return redirect("feedback:window_screen", window_id=window.pk)
    context = _screen_context(request.user, window)
    context["visit_form"] = form
    return render(request, "feedback/ratings/window_screen.html", context, status=400)


# -- the staff's list -------------------------------------------------------------------


@require_GET
@login_required
def ratings(request):
    user = request.user
    selectors.require_lister(user)
    filter_form = FilterForm(request.GET or None, user=user)
    page = Paginator(selectors.rating_list(user, filter_form.filters()), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "filter_form": filter_form,
        "page_obj": page,
        "my_windows": selectors.my_windows(user) if user.has_role(Role.CLERK) else [],
        "may_spot_check": user.has_role(Role.SUPERVISOR),
    }
    return render(request, "feedback/ratings/list.html", context)


@require_GET
@login_required
def rating_detail(request, pk: int):
    rating = selectors.rating_for(request.user, pk)
    order = selectors.remedy_order_of(rating)
    context = {
        "rating": rating,
        "scores": selectors.score_rows(rating),
        "order": order,
        "order_url": (
            _optional_url("feedback:order_detail", number=order.number) if order else None
        ),
    }
    return render(request, "feedback/ratings/detail.html", context)


# -- the applicant's online rating ------------------------------------------------------


@idempotent
@require_http_methods(["GET", "POST"])
@login_required
def rate_case(request, number: str):
    from onewindow.cases import selectors as case_selectors

    user = request.user
    case = case_selectors.case_for(user, number)
    if case.applicant_id != user.pk:
        raise NotFound()
    existing = selectors.online_rating_of(case)
    rateable = case.status in services.RATEABLE_CASE_STATUSES
    form = None
    status = 200
    if existing is None and rateable:
        form = RatingForm(
            request.POST if request.method == "POST" else None, channel=RatingChannel.ONLINE
        )
        if request.method == "POST":
            status = 400
            if form.is_valid():
                data = form.cleaned_data
                try:
                    services.submit_direct_rating(
                        channel=RatingChannel.ONLINE,
                        level=data["level"],
                        scores=form.scores(),
                        comment=data["comment"],
                        rater=user,
                        case=case,
                        request=request,
                    )
                except (InvalidInput, Conflict) as exc:
                    show_error(form, exc)
                    status = exc.status
                else:
                    messages.success(request, _("感谢您的评价"))
                    return redirect("feedback:rate_case", number=case.number)
    elif request.method == "POST":
        status = 409 if existing is not None else 400
    context = {
        "case": case,
        "existing": existing,
        "rateable": rateable,
        "form": form,
        "scores": selectors.score_rows(existing) if existing is not None else [],
    }
    return render(request, "feedback/ratings/rate_case.html", context, status=status)


# -- the supervisors' spot check --------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def spot_check(request):
    from onewindow.cases import selectors as case_selectors

    user = request.user
    if not user.has_role(Role.SUPERVISOR):
        raise PermissionDenied(_("仅大厅督查人员可以进行督查抽评"))
    form = SpotCheckForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = None
                if data["case_number"]:
                    try:
                        case = case_selectors.case_for(user, data["case_number"])
                    except NotFound:
                        raise InvalidInput(
                            _("未找到该办件，请核对办件编号"), field="case_number"
                        ) from None
                rating = services.submit_direct_rating(
                    channel=RatingChannel.SPOT_CHECK,
                    level=data["level"],
                    scores=form.scores(),
                    comment=data["comment"],
                    rater=user,
                    case=case,
                    window=data["window"],
                    department=data["department"],
                    request=request,
                )
            except (InvalidInput, Conflict) as exc:
                show_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("督查抽评已记录"))
                return redirect("feedback:rating_detail", pk=rating.pk)
    return render(request, "feedback/ratings/spot_check.html", {"form": form}, status=status)
