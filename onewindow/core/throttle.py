"""Counting per client address in the cache, for public forms that must not be probed or flooded.

A public page (tracking a case, activating an account, a complaint, feedback on a report)
counts each wrong answer or submission under its own key for the client's address; once
the count reaches the page's limit the address is refused until the window is over.
"""

from __future__ import annotations

from django.core.cache import cache

from onewindow.core.audit.services import client_ip

from .errors import DomainError


class Throttled(DomainError):
    status = 429


def address_key(prefix: str, request) -> str:
    return f"{prefix}:{client_ip(request) or 'unknown'}"


def count(key: str) -> int:
    return int(cache.get(key, 0) or 0)


def add_one(key: str, seconds: int) -> None:
    """One more under ``key``; the count starts when the first one is added."""
    if cache.add(key, 1, seconds):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, seconds)
