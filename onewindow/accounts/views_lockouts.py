"""The security administrator's page of login lockouts, with release by reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from onewindow.core.errors import DomainError

from . import lockouts


@login_required
def lockout_list(request):
    locked = lockouts.current_lockouts(request.user)
    if request.method == "POST":
        try:
            lockouts.unlock(
                request.user,
                request.POST.get("attempt"),
                request.POST.get("reason"),
                request=request,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已解除锁定，并记入审计日志"))
            return redirect("accounts:lockouts")
    return render(
        request,
        "accounts/lockouts.html",
        {"locked": locked, "reason_max": lockouts.REASON_MAX_LENGTH},
        status=400 if request.method == "POST" else 200,
    )
