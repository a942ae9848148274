"""The Django Ninja API: /api/, with OpenAPI docs at /api/docs."""

from onewindow.accounts.api import router as accounts_router
from onewindow.cases.api import router as cases_router
from onewindow.catalog.api import router as catalog_router
from onewindow.core.api_support import OneWindowAPI, install_error_handlers
from onewindow.core.audit.api import router as audit_router
from onewindow.core.inbox.api import router as inbox_router
from onewindow.core.workdays.api import router as workdays_router
from onewindow.hall.network.api import router as kiosk_router
from onewindow.org.api import router as org_router

api = OneWindowAPI(
    title="一窗通 API",
    version="1",
    description="东营区行政审批服务局政务服务平台接口。身份证号码和手机号码一律脱敏返回。",
    urls_namespace="api",
)
install_error_handlers(api)
api.add_router("/accounts", accounts_router)
api.add_router("/workdays", workdays_router)
api.add_router("/audit", audit_router)
api.add_router("/org", org_router)
api.add_router("/catalog", catalog_router)
api.add_router("/cases", cases_router)
api.add_router("/kiosk", kiosk_router)
api.add_router("/inbox", inbox_router)
