"""Login, logout, registration, activation, password change, second factor, profile, user admin."""

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
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from onewindow.core.errors import DomainError
from onewindow.core.forms import show_error

from . import activation, registration, selectors, services
from .constants import AccountKind, Role
from .forms import (
    ActivationForm,
    ApiTokenForm,
    CitizenRegistrationForm,
    DisableForm,
    EnterpriseRegistrationForm,
    LoginForm,
    OtpTokenForm,
    PasswordChangeForm,
    RoleForm,
)


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


def activate(request):
    """The public page where a window-registered applicant sets a password with the slip's code."""
    form = ActivationForm(request.POST or None)
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
            messages.success(request, _("账号已开通，请使用新密码登录"))
            return redirect("accounts:login")
    if form.errors and status == 200:
        status = 400
    return render(request, "accounts/activate.html", {"form": form}, status=status)


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


@login_required
def otp(request):
    """Verify a TOTP code; a user with no confirmed device enrols one first."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        device, _created = TOTPDevice.objects.get_or_create(
            user=request.user, confirmed=False, defaults={"name": "一窗通"}
        )
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _detail = device.verify_is_allowed()
        if not allowed:
            form.add_error("token", _("尝试过于频繁，请稍后再试"))
        elif device.verify_token(form.cleaned_data["token"]):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(settings.LOGIN_REDIRECT_URL)
        form.add_error("token", _("动态口令不正确或已过期"))
    context = {"form": form, "enrolling": enrolling}
    if enrolling:
        uri = device.config_url.replace("OTP_TOTP_ISSUER", settings.OTP_TOTP_ISSUER)
        context["qr"] = _qr_data_uri(uri)
    return render(request, "accounts/otp.html", context, status=400 if form.errors else 200)


@login_required
def me(request):
    token_form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and token_form.is_valid():
        try:
            new_token = services.issue_api_token(
                request.user,
                token_form.cleaned_data["name"],
                token_form.cleaned_data["days"],
                request=request,
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
    )


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


@login_required
def user_detail(request, pk):
    subject = selectors.user_for(request.user, pk)
    manage = request.user.has_role(Role.SECURITY_ADMIN)
    role_form = RoleForm(request.POST or None) if manage else None
    disable_form = DisableForm() if manage else None
    if manage and request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "disable":
                disable_form = DisableForm(request.POST)
                if disable_form.is_valid():
                    services.disable_user(
                        request.user, subject, disable_form.cleaned_data["reason"], request=request
                    )
                    messages.success(request, _("账号已停用，其所有登录会话已结束"))
                    return redirect("accounts:user_detail", pk=subject.pk)
            elif role_form.is_valid():
                change = services.grant_role if action == "grant" else services.revoke_role
                change(request.user, subject, role_form.cleaned_data["role"], request=request)
                messages.success(request, _("角色已更新"))
                return redirect("accounts:user_detail", pk=subject.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "subject": subject,
            "manage": manage,
            "role_form": role_form,
            "disable_form": disable_form,
        },
    )
