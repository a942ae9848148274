"""Top-level URLs: pages per app, the API under /api/, the admin for reference data."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from .api import api
from .core import health

admin.site.site_header = _("一窗通 · 基础数据管理")
admin.site.site_title = _("一窗通")
admin.site.index_title = _("基础数据")

urlpatterns = [
    path("", include("onewindow.dashboard.urls")),
    path("accounts/", include("onewindow.accounts.urls")),
    path("org/", include("onewindow.org.urls")),
    path("services/", include("onewindow.catalog.urls")),
    path("cases/", include("onewindow.cases.urls")),
    path("feedback/", include("onewindow.feedback.urls")),
    path("rectification/", include("onewindow.rectification.urls")),
    path("calendar/", include("onewindow.core.workdays.urls")),
    path("audit/", include("onewindow.core.audit.urls")),
    path("inbox/", include("onewindow.core.inbox.urls")),
    path("pii/", include("onewindow.core.urls")),
    path("hall/", include("onewindow.hall.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("projects/", include("onewindow.projects.urls")),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("governance/", include("onewindow.governance.urls")),
]

handler400 = "onewindow.core.views.bad_request"
handler403 = "onewindow.core.views.permission_denied"
handler404 = "onewindow.core.views.page_not_found"
handler500 = "onewindow.core.views.server_error"
