"""Login, logout, registration, activation, password change, second factor, profile, user admin.

The administrators' approval pages are in views_admin_changes.py.
"""

import base64
import io

import qrcode
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from onewindow.core.errors import DomainError
from onewindow.core.forms import show_error

from . import (
    activation,
    registration,
    roles,
    second_factor,
    selectors,
    services,
    tokens,
)
from .constants import AccountKind, Role
from .forms import (
    ActivationForm,
    ApiTokenForm,
    CitizenRegistrationForm,
    DisableForm,
    EnterpriseRegistrationForm,
    LoginForm,
    NotificationChannelsForm,
    OtpEnrolForm,
    OtpTokenForm,
    PasswordChangeForm,
    PasswordResetConfirmForm,
    PasswordResetRequestForm,
    RoleForm,
)
from .password_reset import request_reset


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


def locked_out(request, credentials=None, *args, **kwargs):
    """django-axes calls this when the username or the address is locked."""
    hours = settings.AXES_COOLOFF_TIME
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": int(hours * 60)},
        status=429,
    )


def _register(request, form_class, kind, template):
    form = form_class(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            answer = registration.sign_up(kind, **form.cleaned_data, request=request)
        except DomainError as exc:
            show_error(form, exc)
            status = exc.status
        else:
            # The same answer whether an account was made or the number was registered already.
            messages.success(request, answer)
            return redirect("accounts:login")
    if form.errors and status == 200:
        status = 400
    return render(request, template, {"form": form}, status=status)


def register_citizen(request):
    return _register(
        request, CitizenRegistrationForm, AccountKind.CITIZEN, "accounts/register_citizen.html"
    )


def register_enterprise(request):
    return _register(
        request,
        EnterpriseRegistrationForm,
        AccountKind.ENTERPRISE,
        "accounts/register_enterprise.html",
    )


def _set_password_with_code(request, form_class, template, done_message):
    """A code (slip or SMS), the ID tail and a new password: activation and reset alike."""
    form = form_class(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activation.activate(
                username=data["username"],
                code=data["code"],
                id_tail=data["id_tail"],
                password=data["password"],
                request=request,
            )
        except DomainError as exc:
            show_error(form, exc)
            status = exc.status
        else:
            messages.success(request, done_message)
            return redirect("accounts:login")
    if form.errors and status == 200:
        status = 400
    return render(request, template, {"form": form}, status=status)


def activate(request):
    """The public page where a window-registered applicant sets a password with the slip's code."""
    return _set_password_with_code(
        request, ActivationForm, "accounts/activate.html", _("账号已开通，请使用新密码登录")
    )


def password_reset(request):
    """忘记密码: the public page that sends a reset code; the same answer for any account name."""
    form = PasswordResetRequestForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            request_reset(form.cleaned_data["username"], request=request)
        except DomainError as exc:
            show_error(form, exc)
            status = exc.status
        else:
            messages.info(
                request,
                _("如果该账号存在并登记了手机号码，验证码已发送，请在15分钟内填写。"),
            )
            return redirect("accounts:password_reset_confirm")
    if form.errors and status == 200:
        status = 400
    return render(request, "accounts/password_reset.html", {"form": form}, status=status)


def password_reset_confirm(request):
    """The code from the phone, the ID tail and a new password (activation.activate)."""
    return _set_password_with_code(
        request,
        PasswordResetConfirmForm,
        "accounts/password_reset_confirm.html",
        _("密码已重设，请使用新密码登录"),
    )


@login_required
def notification_settings(request):
    user = request.user
    initial = {"sms": user.notify_by_sms, "email": user.notify_by_email}
    form = NotificationChannelsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_notification_channels(
                user,
                sms=form.cleaned_data["sms"],
                email=form.cleaned_data["email"],
                request=request,
            )
        except DomainError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("通知设置已保存"))
            return redirect("accounts:notification_settings")
    return render(
        request,
        "accounts/notification_settings.html",
        {"form": form, "has_email": bool((user.email or "").strip())},
        status=400 if form.errors else 200,
    )


@login_required
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_password(
                request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
                request=request,
            )
        except DomainError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("密码已修改"))
            return redirect(settings.LOGIN_REDIRECT_URL)
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "forced": request.user.must_change_password},
        status=400 if form.errors else 200,
    )


def _qr_data_uri(text: str) -> str:
    buffer = io.BytesIO()
    qrcode.make(text, box_size=5, border=2).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _secret_context(device) -> dict:
    """The new device's secret, as a QR code and as text to type: shown in one answer only."""
    uri = device.config_url.replace("OTP_TOTP_ISSUER", settings.OTP_TOTP_ISSUER)
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    grouped = " ".join(key[i : i + 4] for i in range(0, len(key), 4))
    return {"qr": _qr_data_uri(uri), "secret": grouped}


@login_required
def otp(request):
    """Verify a TOTP code; a user with no confirmed device enrols one, password first."""
    user = request.user
    enrolling = second_factor.confirmed_device(user) is None
    token_form = OtpTokenForm()
    enrol_form = OtpEnrolForm() if enrolling else None
    context = {}
    status = 200
    if request.method == "POST":
        enrol_step = enrolling and request.POST.get("step") == "enrol"
        form = OtpEnrolForm(request.POST) if enrol_step else OtpTokenForm(request.POST)
        if enrol_step:
            enrol_form = form
        else:
            token_form = form
        try:
            if form.is_valid() and enrol_step:
                device = second_factor.start_enrolment(request, form.cleaned_data["password"])
                context.update(_secret_context(device))
            elif form.is_valid():
                token = form.cleaned_data["token"]
                check = second_factor.confirm_enrolment if enrolling else second_factor.verify
                second_factor.complete(request, check(request, token))
                return redirect(settings.LOGIN_REDIRECT_URL)
        except DomainError as exc:
            show_error(form, exc)
            status = exc.status
        if form.errors and status == 200:
            status = 400
    pending = enrolling and "qr" not in context and second_factor.pending_device(user) is not None
    context.update(
        {
            "enrolling": enrolling,
            "enrol_form": enrol_form,
            "token_form": token_form,
            "pending": pending,
            "minutes": settings.OTP_ENROLMENT_MINUTES,
        }
    )
    return render(request, "accounts/otp.html", context, status=status)


@login_required
def me(request):
    token_form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and token_form.is_valid():
        data = token_form.cleaned_data
        try:
            new_token = services.issue_api_token(
                request.user, data["name"], data["days"], data["scopes"], request=request
            )
        except DomainError as exc:
            show_error(token_form, exc)
    return render(
        request,
        "accounts/me.html",
        {
            "subject": request.user,
            "tokens": selectors.tokens_of(request.user),
            "token_form": token_form,
            "new_token": new_token,
            "role_labels": [Role(r).label for r in sorted(request.user.roles)],
        },
        status=400 if token_form.errors else 200,
    )


@login_required
@require_POST
def token_revoke(request, pk):
    """Revoke a token: its owner (from 我的账号) or the security administrator (a user's page)."""
    token = selectors.token_for(request.user, pk)
    try:
        tokens.revoke(request.user, token.pk, request=request)
    except DomainError as exc:
        messages.info(request, exc.message)
    else:
        messages.success(request, _("令牌已吊销"))
    if token.user_id == request.user.pk:
        return redirect("accounts:me")
    return redirect("accounts:user_detail", pk=token.user_id)


@login_required
@require_POST
def reveal(request, pk, field):
    """Show one full value in place (htmx), audited by the service."""
    subject = selectors.user_for(request.user, pk)
    try:
        value = services.reveal_personal_data(request.user, subject, field, request=request)
    except DomainError as exc:
        return render(request, "accounts/_revealed.html", {"error": exc.message}, status=exc.status)
    return render(request, "accounts/_revealed.html", {"value": value})


@login_required
def user_list(request):
    users = selectors.visible_users(request.user)
    if (
        not request.user.has_role(Role.SECURITY_ADMIN, Role.LEADER)
        and not request.user.department_id
    ):
        raise Http404
    query = request.GET.get("q", "").strip()[:50]
    if query:
        users = users.filter(Q(display_name__icontains=query) | Q(username__icontains=query))
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page, "q": query})


def _manage_user(request, subject, role_form, disable_form):
    """The security administrator's role and disabling actions; None when nothing was done."""
    action = request.POST.get("action")
    if action == "disable":
        if not disable_form.is_valid():
            return None
        change = roles.disable_user(
            request.user, subject, disable_form.cleaned_data["reason"], request=request
        )
        done = _("账号已停用，其所有登录会话和接口令牌已结束")
    elif action in ("grant", "revoke") and role_form.is_valid():
        act = roles.grant_role if action == "grant" else roles.revoke_role
        data = role_form.cleaned_data
        change = act(request.user, subject, data["role"], request=request, reason=data["reason"])
        done = _("角色已更新")
    else:
        return None
    if change is not None:
        messages.success(request, _("已提交审批：须由另一类管理员批准后生效"))
        return redirect("accounts:admin_change", pk=change.pk)
    messages.success(request, done)
    return redirect("accounts:user_detail", pk=subject.pk)


@login_required
def user_detail(request, pk):
    subject = selectors.user_for(request.user, pk)
    manage = request.user.has_role(Role.SECURITY_ADMIN)
    role_form = disable_form = None
    if manage:
        posted = request.POST if request.method == "POST" else None
        is_disable = request.POST.get("action") == "disable"
        role_form = RoleForm(None if is_disable else posted)
        disable_form = DisableForm(posted if is_disable else None)
        if posted is not None:
            try:
                done = _manage_user(request, subject, role_form, disable_form)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                if done is not None:
                    return done
    return render(
        request,
        "accounts/user_detail.html",
        {
            "subject": subject,
            "role_labels": [Role(r).label for r in sorted(subject.roles)],
            "manage": manage,
            "role_form": role_form,
            "disable_form": disable_form,
            "tokens": selectors.tokens_of(subject) if manage else (),
            "changes": selectors.admin_changes(request.user).filter(subject=subject)[:20],
        },
    )
