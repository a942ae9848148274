"""Template context shared by every page."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _


def platform(request):
    return {
        "PLATFORM_NAME": _("一窗通"),
        "BUREAU_NAME": _("东营区行政审批服务局"),
        "PRODUCTION": settings.PRODUCTION,
    }
