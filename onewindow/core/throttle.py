"""Counting per client address, for public pages that must not be probed or flooded.

A public page (tracking a case, activating an account, registering, a complaint, feedback
on a report, the catalogue export) takes one count for the client's address *before* it does
the work, and is refused once the count passes its limit until the window is over. A page
that counts only some outcomes (wrong answers, accepted submissions) gives the count back
for the others. Counting first is what makes the limit hold under concurrency: thirty
simultaneous wrong answers from one address get ``limit`` of them tried, not thirty, because
no request can pass a check that the others have not yet counted against.

The count is one atomic step on the shared cache: on Redis a script that increments and sets
the expiry in one round trip (so a key can never be left without one); on other caches
``add`` then ``incr``. When the cache raises (Redis down), the count goes to a small
database table with a conditional upsert instead, so the pages keep working for people and
keep refusing the flood.
"""

from __future__ import annotations

import logging
import time

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.db.models import F

from .client_address import client_ip
from .errors import DomainError
from .models import ThrottleCount

logger = logging.getLogger(__name__)

# KEYS[1] the counter, ARGV[1] the window in seconds. A key found without an expiry (written
# by something else) gets one too, so no counter can refuse an address forever.
_REDIS_HIT = """
local n = redis.call('INCR', KEYS[1])
if redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n
"""
# Never below zero: a give-back must not hand out a spare count.
_REDIS_GIVE_BACK = """
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 0 then return redis.call('DECR', KEYS[1]) end
return 0
"""


class Throttled(DomainError):
    status = 429


def address_key(prefix: str, request) -> str:
    return f"{prefix}:{client_ip(request) or 'unknown'}"


def take(prefix: str, request, *, limit: int, seconds: int, message) -> str:
    """Count one for the client's address under ``prefix``; Throttled once past ``limit``.

    Returns the key, for :func:`give_back` when the outcome should not count.
    """
    key = address_key(prefix, request)
    if hit(key, seconds) > limit:
        raise Throttled(message)
    return key


def hit(key: str, seconds: int) -> int:
    """One more under ``key``; the count including it. The window starts with the first."""
    try:
        return _cache_hit(key, seconds)
    except Exception:  # any cache failure: count in the database rather than not at all
        logger.warning("throttle: cache unavailable, counting %s in the database", key)
        return _database_hit(key, seconds)


def give_back(key: str) -> None:
    """Take back one count under ``key`` (never below zero)."""
    try:
        _cache_give_back(key)
    except Exception:  # the cache is down: the count, if any, is in the database
        ThrottleCount.objects.filter(bucket=key, count__gt=0).update(count=F("count") - 1)


# -- the cache --------------------------------------------------------------------------------


def _cache():
    # The backend itself, not django.core.cache.cache (a proxy that hides its class).
    return caches["default"]


def _redis_client(cache: RedisCache, key: str):
    """Django's Redis client for ``key`` and the key as stored (prefix and version added)."""
    full = cache.make_and_validate_key(key)
    return cache._cache.get_client(full, write=True), full


def _cache_hit(key: str, seconds: int) -> int:
    cache = _cache()
    if isinstance(cache, RedisCache):
        client, full = _redis_client(cache, key)
        return int(client.eval(_REDIS_HIT, 1, full, int(seconds)))
    if cache.add(key, 1, seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: this one starts the next window
        cache.add(key, 1, seconds)
        return 1


def _cache_give_back(key: str) -> None:
    cache = _cache()
    if isinstance(cache, RedisCache):
        client, full = _redis_client(cache, key)
        client.eval(_REDIS_GIVE_BACK, 1, full)
        return
    try:
        if int(cache.get(key, 0) or 0) > 0:
            cache.decr(key)
    except ValueError:  # expired meanwhile: nothing to give back
        pass


# -- the database, while the cache is down -------------------------------------------------------


# The table is named in ThrottleCount.Meta; ``excluded`` is the row that was to be inserted.
_UPSERT = """
INSERT INTO core_throttlecount (bucket, count, expires_at) VALUES (%s, 1, %s)
ON CONFLICT (bucket) DO UPDATE SET
  count = CASE WHEN core_throttlecount.expires_at <= %s
               THEN 1 ELSE core_throttlecount.count + 1 END,
  expires_at = CASE WHEN core_throttlecount.expires_at <= %s
                    THEN excluded.expires_at ELSE core_throttlecount.expires_at END
RETURNING count
"""


def _database_hit(key: str, seconds: int) -> int:
    """INSERT, or on conflict add one (or restart an expired window), in one statement.

    PostgreSQL and SQLite (3.35+) both take ``ON CONFLICT ... DO UPDATE ... RETURNING``; the
    row lock of the upsert makes concurrent hits count one after another.
    """
    now = int(time.time())
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, [key, now + int(seconds), now, now])
        (count,) = cursor.fetchone()
    ThrottleCount.objects.filter(expires_at__lte=now).delete()
    return int(count)
