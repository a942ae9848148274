"""The client's address: the one function the lockout (axes), the audit and the throttles use.

Behind reverse proxies (``PROXY_COUNT`` = n > 0) django-ipware reads X-Forwarded-For. Each
of our proxies appends the address it was connected from, so the n-th entry from the right
is the address our outermost proxy saw; anything left of it was written by the client and is
never trusted. Without proxies, or when the header is missing or too short (a request that
did not come through all of them), REMOTE_ADDR.

One function, so that the address that is locked out, the one that is throttled and the one
written in the audit can never disagree.
"""

from __future__ import annotations

from django.conf import settings

from onewindow.core.audit.chain import canonical_ip

FORWARDED_HEADER = "HTTP_X_FORWARDED_FOR"


def proxy_count() -> int:
    return int(getattr(settings, "PROXY_COUNT", 0) or 0)


def client_ip(request) -> str | None:
    """The address of the client that sent ``request``, in canonical form, or None."""
    if request is None:
        return None
    meta = getattr(request, "META", None) or {}
    proxies = proxy_count()
    if proxies > 0:
        # Imported here: a direct deployment runs without ipware; a proxied one refuses to
        # start without it (settings.py).
        from ipware import get_client_ip

        # ipware counts the proxies named inside the header: our nearest proxy is the peer
        # (REMOTE_ADDR), not an entry, hence n - 1. Not strict: a client-written prefix
        # must not make us fall back to the proxy's own address.
        found, _routable = get_client_ip(
            request,
            proxy_order="left-most",
            proxy_count=proxies - 1,
            request_header_order=[FORWARDED_HEADER],
            strict=False,
        )
        if canonical_ip(found):
            return canonical_ip(found)
    return canonical_ip(meta.get("REMOTE_ADDR"))
