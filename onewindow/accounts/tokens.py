"""API tokens (接口令牌): issued once, stored as an SM3 digest, scoped, revocable.

A token is listed and revoked by its owner and by the security administrator, and every
live token of a user is revoked when their password changes, when they are disabled and
when their roles change: whoever held a copy loses it with the credentials it came from.
What a token may do is its scopes (TokenScope); each API operation declares the scope it
needs (core/api_support.py). Issuing and revoking are audited.
"""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core import audit
from onewindow.core.errors import Conflict, InvalidInput, NotFound
from onewindow.core.pii import crypto
from onewindow.core.shared_cache import shared_cache as cache

from .constants import AccountKind, Role, TokenRevokeReason, TokenScope
from .models import ApiToken, User

TOKEN_BYTES = 32
PREFIX = "ow_"
NAME_MAX = ApiToken._meta.get_field("name").max_length
MAX_DAYS = 366
ISSUE = "api_token.issue"
REVOKE = "api_token.revoke"


def _digest(raw: str) -> str:
    return crypto.sm3(raw.encode()).hex()


def _scopes(user: User, scopes) -> list[str]:
    chosen = {str(s) for s in scopes or ()}
    if not chosen:
        raise InvalidInput(_("请至少选择一项令牌权限"), field="scopes")
    if not chosen <= set(TokenScope.values):
        raise InvalidInput(_("令牌权限不在允许范围内"), field="scopes")
    if TokenScope.STAFF in chosen and user.kind != AccountKind.STAFF:
        raise InvalidInput(_("只有工作人员账号可以申请“工作人员业务”权限"), field="scopes")
    return [s for s in TokenScope.values if s in chosen]  # a fixed order


@transaction.atomic
def issue(user: User, name: str, days: int = 90, scopes=(TokenScope.READ,), request=None) -> str:
    """Create a token and return it once; only its digest is kept."""
    name = str(name or "").strip()
    if not name or len(name) > NAME_MAX:
        raise InvalidInput(_("请填写令牌用途（不超过%(n)d个字）") % {"n": NAME_MAX}, field="name")
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput(_("有效期应在1到366天之间"), field="days")
    chosen = _scopes(user, scopes)
    raw = PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[len(PREFIX) : len(PREFIX) + 8],
        digest=_digest(raw),
        scopes=" ".join(chosen),
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit.record(
        ISSUE,
        actor=user,
        obj=user,
        after={"token": token.pk, "name": name, "scopes": chosen, "days": days},
        request=request,
    )
    return raw


@transaction.atomic
def revoke(actor: User, token_id, request=None) -> ApiToken:
    """Revoke one token: its owner's or, for the security administrator, anyone's."""
    token = ApiToken.objects.select_related("user").filter(pk=token_id).first()
    if token is None or not (token.user_id == actor.pk or actor.has_role(Role.SECURITY_ADMIN)):
        raise NotFound()
    reason = (
        TokenRevokeReason.OWNER if token.user_id == actor.pk else TokenRevokeReason.SECURITY_ADMIN
    )
    now = timezone.now()
    if not ApiToken.objects.filter(pk=token.pk, revoked_at=None).update(
        revoked_at=now, revoked_by=actor, revoke_reason=reason
    ):
        raise Conflict(_("该令牌已吊销"))
    token.revoked_at, token.revoked_by, token.revoke_reason = now, actor, reason
    forget([token.digest])
    audit.record(
        REVOKE,
        actor=actor,
        obj=token.user,
        after={"tokens": [token.pk], "reason": reason},
        request=request,
    )
    return token


def revoke_all(user: User, reason: str, *, actor=None, request=None) -> int:
    """Revoke every live token of ``user``, in the caller's transaction; audited once."""
    rows = list(ApiToken.objects.filter(user=user, revoked_at=None).values_list("pk", "digest"))
    if not rows:
        return 0
    live = [pk for pk, _digest in rows]
    forget([digest for _pk, digest in rows])
    ApiToken.objects.filter(pk__in=live, revoked_at=None).update(
        revoked_at=timezone.now(), revoked_by=actor, revoke_reason=reason
    )
    audit.record(
        REVOKE,
        actor=actor,
        obj=user,
        after={"tokens": live, "reason": reason},
        summary=str(TokenRevokeReason(reason).label),
        request=request,
    )
    return len(live)


TOUCH_INTERVAL = timedelta(minutes=1)


# The token cache (issue 17): a bearer request finds its token and user in the cache
# (Redis in production, shared by every process) instead of PostgreSQL. An entry lives at
# most CACHE_SECONDS; revoke/revoke_all drop it (at once and again after their commit, so a
# request that read the row before the commit cannot put the live token back), and so does
# any save of the user (roles, department, activity, password: signals.py).
CACHE_SECONDS = 30
CACHE_PREFIX = "apitoken:"


def _cache_key(digest: str) -> str:
    return CACHE_PREFIX + digest


def forget(digests) -> None:
    """Drop these tokens from the cache now and once more when the transaction commits."""
    keys = [_cache_key(d) for d in digests]
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys), robust=True)


def forget_user(user_id) -> None:
    forget(
        ApiToken.objects.filter(user_id=user_id, revoked_at=None).values_list("digest", flat=True)
    )


def token_for(raw: str) -> ApiToken | None:
    """The live token behind a bearer string, with its user: the cache, else one query on a
    unique index. This is the hot path of every token request.
    """
    if not raw or not raw.startswith(PREFIX):
        return None
    digest = _digest(raw)
    key = _cache_key(digest)
    token = cache.get(key)
    if token is None:
        token = (
            ApiToken.objects.select_related("user")
            .filter(digest=digest, revoked_at=None, user__is_active=True)
            .first()
        )
        if token is None:
            return None
        token.user.roles  # noqa: B018 - read now, so the cached user carries them
        cache.set(key, token, CACHE_SECONDS)
    now = timezone.now()
    if token.expires_at and token.expires_at < now:
        return None
    # "Last used" is shown to the minute: write it at most once a minute per token, not
    # on every call (a write and a commit per API request, for a client sending hundreds).
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
        cache.set(key, token, CACHE_SECONDS)
    return token
