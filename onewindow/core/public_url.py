"""The bureau's published address, for what leaves the screen: QR codes, PDFs, printed slips.

Never the host of the request: a page printed at a window or a code scanned on a phone
must point at the address the public can reach (``CASES_PUBLIC_BASE_URL``).
"""

from django.conf import settings


def public_url(path: str) -> str:
    """``path`` (from ``reverse``) as an absolute address on the public site."""
    return str(settings.CASES_PUBLIC_BASE_URL).rstrip("/") + path
