"""What every API router shares: authentication and the mapping of errors to answers.

Errors always come back as ``{"detail": "<Chinese message>", "errors": {...}}`` with
400/401/403/404/409, never a 500 for bad input; 413 (core/request_size.py) and 503
(core/outage.py) as ``{"detail": ...}`` too.
"""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.security import HttpBearer, django_auth

from onewindow.accounts.constants import TokenScope

from .errors import DomainError, PermissionDenied

_PYDANTIC_MESSAGES = {
    "missing": _("必须填写"),
    "string_too_long": _("内容过长"),
    "string_too_short": _("内容不能为空"),
    "string_type": _("应为文本"),
    "int_parsing": _("应为整数"),
    "int_type": _("应为整数"),
    "date_parsing": _("日期格式应为 YYYY-MM-DD"),
    "date_from_datetime_parsing": _("日期格式应为 YYYY-MM-DD"),
    "greater_than_equal": _("数值过小"),
    "less_than_equal": _("数值过大"),
    "literal_error": _("取值不在允许范围内"),
    "enum": _("取值不在允许范围内"),
    "json_invalid": _("请求内容不是有效的 JSON"),
    "model_attributes_type": _("请求内容格式不正确"),
    "dict_type": _("请求内容格式不正确"),
}


def _field_name(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "form")]
    return ".".join(parts) or str(_("请求"))


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenAuth(HttpBearer):
    """``Authorization: Bearer ow_...`` tokens issued from the profile page.

    Each operation says which token scope it needs (``api_auth(TokenScope.APPLY)``). A
    token lacking it, or whose owner must change an expired or first password, is refused
    with 403 and a Chinese message; an unknown, revoked or expired token is not a login
    (401). An operation that declares no scope (plain ``AUTH``) lets tokens read and
    refuses their writes, so a new router cannot open writes to tokens by forgetting.
    """

    def __init__(self, scope: str | None = None):
        super().__init__()
        self.scope = scope

    def authenticate(self, request, token):
        from onewindow.accounts import policy, tokens

        api_token = tokens.token_for(token)
        if api_token is None:
            return None
        user = api_token.user
        if policy.password_change_due(user):
            raise PermissionDenied(_("账号须先修改密码（首次登录或密码已过期），令牌暂停使用"))
        needed = self.scope or (TokenScope.READ if request.method in SAFE_METHODS else None)
        if needed is None:
            raise PermissionDenied(_("该接口未声明令牌权限，不能使用接口令牌调用"))
        if needed == TokenScope.READ and request.method not in SAFE_METHODS:
            raise PermissionDenied(_("“查询”权限的令牌只能读取，不能修改"))
        if needed not in api_token.scope_set:
            raise PermissionDenied(
                _("该接口令牌没有“%(scope)s”权限") % {"scope": TokenScope(needed).label}
            )
        request.user = user
        return user


def api_auth(scope: str) -> list:
    """An operation's ``auth``: a token with ``scope``, or a signed-in session (with CSRF)."""
    return [TokenAuth(scope), django_auth]


# Session (with CSRF) for pages that call the API, tokens for kiosks and clients.
# AUTH declares no scope: tokens may only read through it. Declare one with api_auth.
AUTH = [TokenAuth(), django_auth]
AUTH_READ = api_auth(TokenScope.READ)
AUTH_APPLY = api_auth(TokenScope.APPLY)
AUTH_STAFF = api_auth(TokenScope.STAFF)
# Signed-in pages only, never a token (the audited reveal of one's own full personal data).
AUTH_SESSION = [django_auth]


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def domain_error(request, exc: DomainError):
        return api.create_response(
            request, {"detail": exc.message, "errors": exc.errors}, status=exc.status
        )

    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        errors: dict[str, list[str]] = {}
        for item in exc.errors:
            message = str(_PYDANTIC_MESSAGES.get(item.get("type", ""), _("格式不正确")))
            errors.setdefault(_field_name(item.get("loc", ())), []).append(message)
        first_field, first = next(iter(errors.items()), (_("请求"), [_("格式不正确")]))
        detail = _("请求参数有误：%(field)s %(problem)s") % {
            "field": first_field,
            "problem": first[0],
        }
        return api.create_response(request, {"detail": detail, "errors": errors}, status=400)

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request, exc):
        return api.create_response(
            request, {"detail": str(_("请先登录或提供有效的接口令牌"))}, status=401
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(
            request, {"detail": str(_("未找到该记录，或您无权查看"))}, status=404
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        detail = _NINJA_MESSAGES.get(str(exc), str(exc))
        return api.create_response(request, {"detail": str(detail)}, status=exc.status_code)


# Messages Django Ninja raises itself, in English.
_NINJA_MESSAGES = {"CSRF check Failed": _("安全校验失败（CSRF），请刷新页面后重试")}

ERROR_BODY = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "给用户看的中文说明"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["detail"],
}
ERROR_RESPONSES = {
    "400": "输入有误",
    "401": "未登录或令牌无效",
    "403": "无权执行",
    "404": "未找到或无权查看",
    "409": "记录已被他人处理",
    "413": "请求内容过大（API_REQUEST_MAX_BYTES），未被读取",
    "503": "存储空间不足或数据库暂时无法访问，未作任何修改；按 Retry-After 稍后重试",
}


class _ScopedSchema(OpenAPISchema):
    """Each operation's security names the token scope it needs: ``{"TokenAuth": ["apply"]}``
    (OpenAPI 3.1 lets a non-OAuth requirement list role names). No scope: an empty list."""

    def operation_security(self, operation):
        result = super().operation_security(operation)
        if result is None:
            return None
        for requirement, auth in zip(result, _documented(operation.auth_callbacks), strict=True):
            scope = getattr(auth, "scope", None)
            if scope:
                requirement[next(iter(requirement))] = [str(scope)]
        return result


def _documented(callbacks):
    return [auth for auth in callbacks if hasattr(auth, "openapi_security_schema")]


class OneWindowAPI(NinjaAPI):
    """NinjaAPI whose schema documents the error answers every operation can give, and the
    token scope each operation needs."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        schema = _ScopedSchema(self, path_prefix)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                # Ninja keys the operation's own answers by int (400), the shared ones are
                # strings ("400"): one key per code, or the JSON repeats "400" and Swagger
                # UI refuses the document.
                responses = {
                    str(code): answer
                    for code, answer in operation.setdefault("responses", {}).items()
                }
                operation["responses"] = responses
                for status, description in ERROR_RESPONSES.items():
                    responses.setdefault(
                        status,
                        {
                            "description": description,
                            "content": {"application/json": {"schema": ERROR_BODY}},
                        },
                    )
        return schema
