"""The window's pages (受理工作台): the queue, the case, applying on someone's behalf, notices.

A person registered at the window gets a printed activation slip (账号开通凭证) with a
one-time code to set their password (accounts/activation.py); the clerk can print a new
one for an applicant looked up by ID, e.g. after a forgotten password.

Thin: selectors read, the services in services.py / window.py write. Every action posts
to the case page with ``action``; on success it redirects with a message, on a refusal of
the rules the page comes back with the Chinese message (400, or 409 when someone else
acted first). A user who is not a window clerk gets 403; a case out of sight 404.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidTag
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onewindow.accounts import activation
from onewindow.accounts.constants import AccountKind
from onewindow.core.errors import Conflict, InvalidInput, NotFound
from onewindow.core.forms import show_error
from onewindow.core.pii import crypto, mask_id_number, validate_id_number, validate_uscc
from onewindow.core.public_url import public_url
from onewindow.core.workdays import clock as clock_math
from onewindow.core.workdays.calendar import get_calendar

from .. import form_data, moves, selectors, services, workflow
from ..constants import CaseStatus, MaterialStatus
from ..intake import application
from . import applicants as window
from . import notices
from .forms import (
    ApplicantLookupForm,
    ConcludeForm,
    ConditionalForm,
    DeficiencyForm,
    DispatchForm,
    ReasonForm,
    RegisterApplicantForm,
    StartForm,
    SupplyForm,
    WindowSubmitForm,
)

PER_PAGE = 30
# Errors shown on the page itself; NotFound and PermissionDenied become 404/403 pages.
SOFT_ERRORS = (Conflict, InvalidInput)
QUEUE_TABS = ("queue", "unanswered", "promises", "delivery")
APPLICANT_SALT = "cases.window_apply.applicant"
APPLICANT_MAX_AGE = 3600


def optional_url(name: str, **kwargs) -> str | None:
    """The URL of a page another area may not have yet; None until it exists."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


# -- the queue --------------------------------------------------------------------------


@require_GET
@login_required
def queue(request):
    user = request.user
    selectors.require_clerk(user)
    today = timezone.localdate()
    tab = request.GET.get("tab", "queue")
    if tab not in QUEUE_TABS:
        tab = "queue"
    lists = {
        "queue": lambda: selectors.acceptance_queue(user),
        "unanswered": lambda: selectors.window_unanswered(user, today),
        "promises": lambda: selectors.promises_due(user),
        "delivery": lambda: selectors.awaiting_delivery(user),
    }
    page = Paginator(lists[tab](), PER_PAGE).get_page(request.GET.get("page"))
    if tab == "delivery":  # the delivery clock's badge on each row of the page
        page.object_list = selectors.with_urgency_cases(page.object_list, today, "delivery_clock")
    context = {
        "tab": tab,
        "page_obj": page,
        "counts": selectors.window_counts(user, today),
        "today": today,
        "notice_days": selectors.notice_days(),
    }
    return render(request, "cases/window/queue.html", context)


# -- the case ---------------------------------------------------------------------------


def _latest_promise_date(case, today):
    _statutory, promised = moves.limits(case)
    return clock_math.due_date_for(
        get_calendar(), today, promised, settings.WORKDAYS_COUNT_FROM_NEXT_DAY
    )


def _signer(applicant) -> str:
    if applicant.kind == AccountKind.ENTERPRISE and applicant.contact_name:
        return applicant.contact_name
    return applicant.display_name


def _action_forms(case, user, data=None) -> dict:
    """The forms of the actions the clerk may take now, bound to ``data`` when posted."""
    allowed = set(workflow.allowed_actions(case, user))
    today = timezone.localdate()
    rows = selectors.material_rows(case)
    unsupplied = [m for m in rows if m.status != MaterialStatus.SUPPLIED]
    forms = {}
    if "accept" in allowed:
        forms["accept"] = None  # nothing to fill in
    if "refuse" in allowed:
        forms["refuse"] = ReasonForm(data, prefix="refuse")
    if "notify_deficiency" in allowed:
        forms["notify_deficiency"] = DeficiencyForm(
            data,
            prefix="deficiency",
            materials=rows,
            initial={"missing": [str(m.material_type_id) for m in unsupplied if m.required]},
        )
    if "accept_conditionally" in allowed and any(m.conditional_eligible for m in unsupplied):
        forms["accept_conditionally"] = ConditionalForm(
            data,
            prefix="conditional",
            materials=unsupplied,
            initial={
                "missing": [str(m.material_type_id) for m in unsupplied if m.conditional_eligible],
                "promise_date": _latest_promise_date(case, today),
                "signed_by": _signer(case.applicant),
            },
        )
    promised = [m for m in rows if m.status == MaterialStatus.PROMISED]
    if "supply_promised" in allowed and promised:
        forms["supply_promised"] = SupplyForm(
            data,
            prefix="supply",
            materials=promised,
            initial={"supplied": [str(m.material_type_id) for m in promised]},
        )
    if "supplement" in allowed:
        # A window case back with what the notice asked for (补正 at the window).
        listed = application.supplement_items(case)
        forms["supplement"] = SupplyForm(
            data,
            prefix="supplement",
            materials=listed,
            label=_("申请人补正的材料"),
            initial={"supplied": [str(m.material_type_id) for m in listed]},
        )
    if "request_correction" in allowed:
        forms["request_correction"] = ReasonForm(data, prefix="correction")
    if "dispatch" in allowed:
        forms["dispatch"] = DispatchForm(
            data,
            prefix="dispatch",
            departments=selectors.dispatch_departments(),
            initial={"departments": [str(pk) for pk in selectors.case_departments(case)]},
        )
    if "conclude" in allowed and optional_url("cases:deliver", number=case.number) is None:
        forms["conclude"] = ConcludeForm(data, prefix="conclude")
    if "submit" in allowed:
        materials = selectors.case_materials(case)
        forms["submit"] = WindowSubmitForm(
            data,
            prefix="submit",
            materials=materials,
            form_fields=selectors.form_fields(case),
            initial={"supplied": [str(m.material_type.pk) for m in materials]},
        )
    return forms


def _ids(form, name):
    return [int(v) for v in form.cleaned_data.get(name) or []]


def _submit(request, case, form):
    try:
        case = services.submit(
            request.user,
            case,
            supplied=_ids(form, "supplied"),
            form_data=form.form_data(),
            request=request,
        )
    except InvalidInput as exc:
        if not exc.errors:
            raise
        # The window's form names the item's fields "field_<key>".
        exc.errors = {
            key if key == "__all__" else f"field_{key}": messages_
            for key, messages_ in exc.errors.items()
        }
        raise
    if case.status == CaseStatus.DECIDED:
        return _("已提交，系统已按秒批规则作出决定")
    return _("已提交，请核对材料后受理")


def _accept(request, case, form):
    services.accept(request.user, case, request=request)
    return _("已受理，可打印受理通知书")


def _refuse(request, case, form):
    services.refuse(request.user, case, form.cleaned_data["reason"], request=request)
    return _("已作出不予受理决定，可打印不予受理决定书")


def _notify_deficiency(request, case, form):
    services.issue_deficiency_notice(
        request.user, case, _ids(form, "missing"), note=form.cleaned_data["note"], request=request
    )
    return _("已出具一次性告知书，可打印交申请人")


def _accept_conditionally(request, case, form):
    data = form.cleaned_data
    services.accept_conditionally(
        request.user,
        case,
        missing=_ids(form, "missing"),
        promise_date=data["promise_date"],
        signed=data["signed"],
        signed_by=data["signed_by"],
        request=request,
    )
    return _("已容缺受理，可打印容缺受理承诺书和受理通知书")


def _supply_promised(request, case, form):
    services.supply_promised(request.user, case, supplied=_ids(form, "supplied"), request=request)
    return _("已登记补齐的容缺材料")


def _supplement(request, case, form):
    services.supplement(request.user, case, supplied=_ids(form, "supplied"), request=request)
    return _("已登记补正材料，请核对后受理")


def _dispatch(request, case, form):
    services.dispatch(request.user, case, _ids(form, "departments"), request=request)
    return _("已分送承办部门审查")


def _request_correction(request, case, form):
    reason = form.cleaned_data["reason"]
    services.request_correction(request.user, case, reason, request=request)
    return _("已通知申请人补正")


def _conclude(request, case, form):
    services.conclude(request.user, case, note=form.cleaned_data["note"], request=request)
    return _("已办结")


HANDLERS = {
    "submit": _submit,
    "accept": _accept,
    "refuse": _refuse,
    "notify_deficiency": _notify_deficiency,
    "accept_conditionally": _accept_conditionally,
    "supply_promised": _supply_promised,
    "supplement": _supplement,
    "dispatch": _dispatch,
    "conclude": _conclude,
    "request_correction": _request_correction,
}


def _case_context(case, user, forms) -> dict:
    rows = selectors.material_rows(case)
    for row in rows:
        row.file_url = (
            optional_url("cases:document", token=row.document.token) if row.document_id else None
        )
    return {
        "case": case,
        # 行政许可法 Art. 32: accepted by law from the submission date (see _deem_if_due).
        "deemed_accepted_on": selectors.deemed_accepted_on(case),
        "applicant": case.applicant,
        "subject": notices.subject_name(case),
        "materials": rows,
        "missing_required": [
            m.name for m in rows if m.required and m.status != MaterialStatus.SUPPLIED
        ],
        "form_rows": form_data.rows(case),
        "forms": forms,
        "tasks": selectors.case_tasks(case),
        "promise": selectors.promise_of(case),
        "deficiency_notices": selectors.deficiency_notices(case),
        "events": selectors.timeline(case),
        "notice_kinds": [(k, notices.KINDS[k]) for k in notices.available_kinds(case)],
        "urgency": selectors.urgency(case) if case.promised_clock_id else None,
        "deliver_url": (
            optional_url("cases:deliver", number=case.number)
            if case.status == CaseStatus.DECIDED
            else None
        ),
        "limits": moves.limits(case),
    }


@require_http_methods(["GET", "POST"])
@login_required
def case_page(request, number: str):
    user = request.user
    case = selectors.window_case(user, number)
    if case.status == CaseStatus.SUBMITTED and workflow.notice_period_over(
        case, timezone.localdate()
    ):
        # 行政许可法 Art. 32: accepted by law; the daily scan would do it tonight.
        case = services.deem_accepted(case, request=request) or case
        case = selectors.window_case(user, number)
    status, error = 200, None
    if request.method == "POST":
        action = request.POST.get("action", "")
        forms = _action_forms(case, user, request.POST)
        if action not in HANDLERS:
            status, error = 400, _("未知的操作")
        elif action == "notify_deficiency" and selectors.deemed_accepted_on(case):
            status, error = 409, services.DEEMED_NO_NOTICE
        elif action not in forms:
            # Not offered on this case any more: someone acted first (or a forged post).
            status, error = 409, str(Conflict(_("当前状态不能执行此操作，请刷新后重试")))
        else:
            form = forms[action]
            if form is None or form.is_valid():
                try:
                    message = HANDLERS[action](request, case, form)
                except SOFT_ERRORS as exc:
                    status, error = exc.status, exc.message
                    if form is not None:
                        show_error(form, exc)
                else:
                    messages.success(request, message)
                    return redirect("cases:window_case", number=case.number)
            else:
                status, error = 400, _("输入有误，请检查后重试")
        # Show the case as it is now, with the failed form (if still offered) as posted.
        case = selectors.window_case(user, number)
        fresh = _action_forms(case, user)
        if action in fresh and action in forms and status != 409:
            fresh[action] = forms[action]
        forms = fresh
    else:
        forms = _action_forms(case, user)
    context = _case_context(case, user, forms)
    context["error"] = error
    return render(request, "cases/window/case.html", context, status=status)


# -- applying on someone's behalf -------------------------------------------------------


def _sign(applicant) -> str:
    return signing.dumps({"a": applicant.pk}, salt=APPLICANT_SALT)


def _unsign(token):
    from onewindow.accounts.models import User

    try:
        data = signing.loads(str(token or ""), salt=APPLICANT_SALT, max_age=APPLICANT_MAX_AGE)
    except signing.BadSignature:
        raise InvalidInput(_("申请人信息已失效，请重新查找申请人")) from None
    applicant = User.objects.filter(pk=data.get("a"), is_active=True).first()
    if applicant is None:
        raise InvalidInput(_("申请人信息已失效，请重新查找申请人"))
    return applicant


def _start_form(applicant=None, data=None):
    return StartForm(
        data,
        prefix="start",
        items=selectors.applicable_items(),
        bundles=selectors.applicable_bundles(),
        initial={"applicant": _sign(applicant)} if applicant is not None else None,
    )


IDENTITY_AAD = "cases.window_apply.identity"


def _seal_identity(kind: str, identifier: str) -> str:
    """The looked-up ID number or credit code, encrypted for the registration step."""
    return crypto.encrypt(f"{kind}:{identifier}", IDENTITY_AAD)


def _open_identity(token) -> tuple[str, str]:
    try:
        kind, _sep, identifier = crypto.decrypt(str(token or ""), IDENTITY_AAD).partition(":")
    except (InvalidTag, ValueError):
        raise InvalidInput(_("申请人证件信息已失效，请重新查找申请人")) from None
    if kind not in (AccountKind.CITIZEN, AccountKind.ENTERPRISE) or not identifier:
        raise InvalidInput(_("申请人证件信息已失效，请重新查找申请人"))
    return kind, identifier


def _identity_context(context, kind: str, identifier: str) -> None:
    context["identity_kind"] = kind
    context["identity_shown"] = (
        mask_id_number(identifier) if kind == AccountKind.CITIZEN else identifier
    )


def _apply_lookup(request, context):
    form = ApplicantLookupForm(request.POST, prefix="lookup")
    context["lookup_form"] = form
    if not form.is_valid():
        return 400
    kind, identifier = form.cleaned_data["kind"], form.cleaned_data["identifier"]
    try:
        if kind == AccountKind.CITIZEN:
            identifier = validate_id_number(identifier, field="identifier")
        else:
            identifier = validate_uscc(identifier, field="identifier")
    except InvalidInput as exc:
        show_error(form, exc)
        return 400
    applicant = selectors.applicant_by_identifier(kind, identifier)
    if applicant is None:
        context["register_form"] = RegisterApplicantForm(
            prefix="register", initial={"identity": _seal_identity(kind, identifier)}
        )
        _identity_context(context, kind, identifier)
        context["not_found"] = True
        return 200
    context["applicant"] = applicant
    context["start_form"] = _start_form(applicant)
    return 200


def _apply_register(request, context):
    form = RegisterApplicantForm(request.POST, prefix="register")
    context["register_form"] = form
    if not form.is_valid():
        return 400
    data = form.cleaned_data
    try:
        kind, identifier = _open_identity(data["identity"])
    except InvalidInput as exc:
        show_error(form, exc)
        return exc.status
    _identity_context(context, kind, identifier)
    try:
        applicant = window.register_applicant(
            request.user,
            kind=kind,
            display_name=data["display_name"],
            phone=data["phone"],
            id_number=identifier if kind == AccountKind.CITIZEN else "",
            uscc=identifier if kind == AccountKind.ENTERPRISE else "",
            contact_name=data["contact_name"],
            request=request,
        )
    except SOFT_ERRORS as exc:
        errors = dict(exc.errors)
        if "enterprise_name" in errors:
            errors.setdefault("display_name", errors.pop("enterprise_name"))
        exc.errors = errors
        show_error(form, exc)
        return exc.status
    code, issued = activation.issue_activation_code(request.user, applicant, request=request)
    messages.success(request, _("已登记申请人，请打印账号开通凭证交给申请人，再选择申请事项"))
    context["slip"] = _slip(applicant, code, issued)
    context["register_form"] = None
    context["applicant"] = applicant
    context["start_form"] = _start_form(applicant)
    return 200


def _apply_start(request, context):
    applicant = _unsign(request.POST.get("start-applicant"))
    form = _start_form(applicant, request.POST)
    context["applicant"] = applicant
    context["start_form"] = form
    if not form.is_valid():
        return 400, None
    kind, _sep, code = form.cleaned_data["target"].partition(":")
    try:
        case = window.start_for_applicant(
            request.user,
            applicant,
            item=code if kind == "item" else None,
            bundle=code if kind == "bundle" else None,
            request=request,
        )
    except (*SOFT_ERRORS, NotFound) as exc:
        show_error(form, exc)
        return exc.status, None
    return 302, case


@require_http_methods(["GET", "POST"])
@login_required
def apply(request):
    selectors.require_clerk(request.user)
    context = {
        "lookup_form": ApplicantLookupForm(prefix="lookup"),
        "register_form": None,
        "start_form": None,
        "applicant": None,
        "not_found": False,
        "identity_kind": "",
        "identity_shown": "",
        "slip": None,
    }
    status = 200
    if request.method == "POST":
        step = request.POST.get("step")
        if step == "lookup":
            status = _apply_lookup(request, context)
        elif step == "register":
            status = _apply_register(request, context)
        elif step == "start":
            try:
                status, case = _apply_start(request, context)
            except InvalidInput as exc:
                messages.error(request, exc.message)
                return redirect("cases:window_apply")
            if case is not None:
                messages.success(request, _("已为申请人创建办件，请登记收取的材料并填写申请表"))
                return redirect("cases:window_case", number=case.number)
        else:
            status = 400
    if context["applicant"] is not None:
        context["applicant_token"] = _sign(context["applicant"])
    response = render(request, "cases/window/apply.html", context, status=status)
    if context["slip"]:
        add_never_cache_headers(response)  # the one-time code must not stay in a cache
    return response


# -- the account activation slip (账号开通凭证) ------------------------------------------


def _slip(applicant, code: str, issued) -> dict:
    """What the printed slip shows: never the ID number, whose last 4 are the second factor."""
    return {
        "name": applicant.display_name,
        "username": applicant.username,
        "code": code,
        "issued_at": issued.issued_at,
        "expires_at": issued.expires_at,
        "url": public_url(reverse("accounts:activate")),
        "enterprise": applicant.kind == AccountKind.ENTERPRISE,
    }


@require_POST
@never_cache
@login_required
def activation_slip(request):
    """A new activation code for the applicant looked up at the window, on a printable slip."""
    selectors.require_clerk(request.user)
    applicant = _unsign(request.POST.get("applicant"))
    code, issued = activation.issue_activation_code(request.user, applicant, request=request)
    context = {"slip": _slip(applicant, code, issued), "applicant": applicant}
    return render(request, "cases/window/activation_slip.html", context)


# -- printable notices ------------------------------------------------------------------


@require_GET
@login_required
def notice(request, number: str, kind: str):
    case = (
        selectors.window_case(request.user, number)
        if selectors.is_clerk(request.user)
        else selectors.case_for(request.user, number)
    )
    serial = request.GET.get("n")
    serial = int(serial) if serial and serial.isdigit() and len(serial) < 4 else None
    built = notices.build(case, kind, serial=serial)
    context = {
        "case": case,
        "notice": built,
        "back_url": (
            reverse("cases:window_case", kwargs={"number": case.number})
            if selectors.is_clerk(request.user)
            else optional_url("cases:detail", number=case.number)
        ),
        "serials": (
            range(1, len(selectors.deficiency_notices(case)) + 1) if kind == "deficiency" else ()
        ),
        "rating_qr": _receipt_rating(request, case) if kind == "receipt" else None,
    }
    return render(request, "cases/window/notice.html", context)


def _receipt_rating(request, case):
    """The 收件凭证's rating QR code (好差评): the visit's code, issued once and reused."""
    from onewindow.feedback.ratings.receipts import receipt_rating

    return receipt_rating(case, request.user, request=request)
