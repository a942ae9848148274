"""``calendar_warning`` for base.html: staff see when a year near today is unverified."""

from onewindow.accounts.constants import STAFF_ROLES

from .selectors import unverified_warning


def calendar_warning(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.roles & STAFF_ROLES:
        return {}
    return {"calendar_warning": unverified_warning()}
