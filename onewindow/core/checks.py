"""Deployment checks of the platform's own settings: defaults that are safe for the demo only.

``manage.py check --deploy`` with the production profile fails on each of them (the accounts'
checks refuse superusers and demo accounts; Django's own refuse DEBUG, weak keys, no HTTPS).
"""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Warning, register

# Shared by every process and counting atomically (core/throttle.py's script).
SHARED_CACHES = ("django.core.cache.backends.redis.RedisCache",)
# Backends that only write the message down somewhere: nobody receives it.
LOG_ONLY_NOTIFY = {"console", "file"}


def _production(check):
    """Register ``check`` for --deploy, run only under the production profile."""

    def run(app_configs, **kwargs):
        return check() if settings.PRODUCTION else []

    run.__name__ = check.__name__
    return register("security", deploy=True)(run)


@_production
def shared_atomic_cache():
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in SHARED_CACHES:
        return []
    return [
        Error(
            "生产环境的缓存必须是各进程共享、可原子计数的 Redis（CACHE_URL=redis://…），"
            f"当前为 {backend}：每个进程各自计数，限流和登录锁定形同虚设",
            id="onewindow.E010",
        )
    ]


def _local_host(host: str) -> bool:
    if host in ("", "localhost") or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_unspecified


@_production
def public_base_url():
    """Printed in certificates' and ratings' QR codes and on activation slips."""
    url = urlsplit(str(settings.CASES_PUBLIC_BASE_URL))
    if url.scheme == "https" and not _local_host(url.hostname or ""):
        return []
    return [
        Error(
            "生产环境必须把 CASES_PUBLIC_BASE_URL 设为公众可访问的 HTTPS 地址"
            f"（证照、评价二维码和开通凭证都印着它），当前为 {settings.CASES_PUBLIC_BASE_URL}",
            id="onewindow.E011",
        )
    ]


@_production
def proxy_count_set():
    """The production profile trusts X-Forwarded-Proto, i.e. it assumes a proxy in front."""
    if settings.PROXY_COUNT > 0:
        return []
    return [
        Error(
            "生产环境经反向代理部署（信任 X-Forwarded-Proto），必须设置 PROXY_COUNT："
            "否则所有客户端都显示为代理的地址，一个客户端的错误登录会锁定所有人",
            id="onewindow.E012",
        )
    ]


@_production
def notifications_delivered():
    if set(settings.NOTIFY_BACKENDS) - LOG_ONLY_NOTIFY:
        return []
    return [
        Warning(
            "生产环境的 NOTIFY_BACKENDS 只有 console/file：通知只写入日志，申请人收不到短信或邮件",
            id="onewindow.W013",
        )
    ]
