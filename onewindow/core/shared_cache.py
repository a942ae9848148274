"""The shared cache (Redis) used as an accelerator only: while it is down, reads miss and
writes are skipped, so the caller falls back to the database.

A Redis outage then slows the hot paths (tokens, published versions, the catalogue's
edition) instead of failing them with a 500: the stack's redis-stop drill applies under
load with Redis stopped. Throttles and the working-day calendar have their own fallbacks.
A token revoked while Redis is unreachable may stay cached until its entry expires
(accounts.tokens.CACHE_SECONDS); the warning in the log says when that window opened.
"""

import logging

from django.core.cache import cache

logger = logging.getLogger("onewindow.cache")


def _down(operation: str, exc: Exception) -> None:
    logger.warning(
        "shared cache unavailable on %s (%s); using the database", operation, type(exc).__name__
    )


class SharedCache:
    """The methods of Django's cache the hot paths use, each tolerant of a cache outage."""

    def get(self, key, default=None):
        try:
            return cache.get(key, default)
        except Exception as exc:  # the backend's own errors (redis.ConnectionError, timeouts)
            _down("get", exc)
            return default

    def set(self, key, value, timeout=None) -> None:
        try:
            cache.set(key, value, timeout)
        except Exception as exc:
            _down("set", exc)

    def add(self, key, value, timeout=None) -> bool:
        try:
            return cache.add(key, value, timeout)
        except Exception as exc:
            _down("add", exc)
            return False

    def delete(self, key) -> None:
        try:
            cache.delete(key)
        except Exception as exc:
            _down("delete", exc)

    def delete_many(self, keys) -> None:
        try:
            cache.delete_many(keys)
        except Exception as exc:
            _down("delete_many", exc)


shared_cache = SharedCache()
