"""The rating QR code printed on a case's 收件凭证 (the cases app's notice page calls this)."""

from __future__ import annotations

from django.urls import reverse

from onewindow.catalog.templatetags.catalog_tags import qr_png_data_uri

from . import services, visits


def qr_data(signed: str) -> dict:
    link = services.rating_link(signed)
    return {"qr": qr_png_data_uri(link), "url": link, "path": services.rating_url(signed)}


def receipt_rating(case, user, *, request=None) -> dict | None:
    """What the receipt shows about rating: a QR code (window cases), a note, or nothing.

    - ``{"kind": "qr", "qr": data URI, "url": ..., "expires_on": date}`` for a window case
      whose visit may still be rated (the visit's unused code is reused, else one is issued);
    - ``{"kind": "rated"}`` when the visit was rated already;
    - ``{"kind": "online", "url": ...}`` for an online case: rated online once it has an outcome;
    - ``None`` when the rating period is over.
    """
    if case.channel != "window":
        return {
            "kind": "online",
            "url": reverse("feedback:rate_case", kwargs={"number": case.number}),
        }
    token, signed = visits.receipt_token(case, actor=user, request=request)
    if token is None:
        return None
    if signed is None:
        return {"kind": "rated"}
    return {"kind": "qr", "expires_on": token.expires_on, **qr_data(signed)}
