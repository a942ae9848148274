"""Session rules that apply to every request of a signed-in user.

- an absolute session lifetime on top of the 30-minute idle timeout (the idle part is
  Django's own: SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST);
- the second factor for staff where it is required;
- the forced password change at first login and after expiry.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import policy

LOGIN_AT = "onewindow_login_at"
_ALWAYS_ALLOWED = ("/static/", "/i18n/", "/accounts/logout/", "/favicon.ico")


def _allowed(path: str, extra: tuple[str, ...] = ()) -> bool:
    return path.startswith(_ALWAYS_ALLOWED + extra)


def _refuse(request, url_name: str, message: str):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=403)
    messages.warning(request, message)
    return redirect(url_name)


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and hasattr(request, "session"):
            started = request.session.get(LOGIN_AT)
            if started is None:
                request.session[LOGIN_AT] = time.time()
            elif time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": _("登录已过期，请重新登录")}, status=401)
                messages.info(request, _("登录已超过最长有效期，请重新登录"))
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and policy.second_factor_required(user)
            and not user.is_verified()
            and not _allowed(request.path, ("/accounts/otp/",))
        ):
            return _refuse(request, "accounts:otp", _("请先完成动态口令验证"))
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and policy.password_change_due(user)
            and not _allowed(request.path, ("/accounts/password/", "/accounts/otp/"))
        ):
            return _refuse(request, "accounts:password_change", _("为了账号安全，请先修改密码"))
        return self.get_response(request)
