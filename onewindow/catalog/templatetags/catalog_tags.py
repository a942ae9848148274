"""Template helpers for the public catalogue: search highlights and the guide's QR code.

    {% load catalog_tags %}
    {{ hit|highlight }}                 the name with <mark> around the matched characters
    {% qr_image guide_url %}            <img> of a QR code encoding guide_url (a data: URI)

Everything from the database is escaped here; nothing is marked safe unescaped.
"""

import base64
import io

import qrcode
from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from qrcode.constants import ERROR_CORRECT_M

register = template.Library()


@register.filter
def highlight(hit) -> SafeString:
    """A search hit's name, escaped, with <mark> around each of its ``spans``."""
    return mark_spans(hit.name, hit.spans)


def mark_spans(text: str, spans) -> SafeString:
    out = SafeString("")
    position = 0
    for start, end in sorted(spans):
        start, end = max(start, position), min(end, len(text))
        if start >= end:
            continue  # overlapping or out of range: never show a character twice
        out += conditional_escape(text[position:start])
        out += format_html("<mark>{}</mark>", text[start:end])
        position = end
    return out + conditional_escape(text[position:])


def qr_png_data_uri(text: str) -> str:
    """A PNG of the QR code for ``text`` as a data: URI (the CSP allows data: images)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=6, border=2)
    code.add_data(text)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@register.simple_tag
def qr_image(payload: str, alt: str = "") -> SafeString:
    """An <img> of the QR code that encodes ``payload`` (the printed guide: its URL)."""
    return format_html(
        '<img class="ow-guide-qr" src="{}" alt="{}" data-qr-payload="{}" width="132" height="132">',
        qr_png_data_uri(payload),
        alt or _("扫码查看在线办事指南"),
        payload,
    )


@register.filter
def workday_limit(days) -> str:
    """A time limit as the guide states it: "即办" for 0, otherwise "N 个工作日"."""
    if days in (None, ""):
        return "—"
    if int(days) == 0:
        return _("即办")
    return _("%(n)d 个工作日") % {"n": int(days)}
