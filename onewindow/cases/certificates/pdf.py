"""The certificate as a PDF: A4, reportlab's built-in CJK font, a QR code to the public check.

Chinese is set in the CID font STSong-Light (``UnicodeCIDFont``), which every PDF reader
maps to its own Song typeface, so no font file ships with the project. Plain ASCII values
(the number, codes, the address under the QR code) are set in Helvetica.

The output is deterministic (reportlab's invariant mode fixes the creation date and the
document ID; the QR code is a 1-bit image of the ``qrcode`` matrix with a fixed mask): the same
certificate renders to the same bytes, so ``Certificate.pdf_sha256``, recorded at issue,
checks any later copy. For that reason the QR code and the printed address always use
``CASES_PUBLIC_BASE_URL``, the bureau's published address, never the host of the request
that happens to download the file.
"""

from __future__ import annotations

import hashlib
import io

import qrcode
from django.urls import reverse
from PIL import Image
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from onewindow.core.public_url import public_url

from ..constants import CertificateKind

CJK_FONT = "STSong-Light"
LATIN_FONT = "Helvetica"
SEAL_RED = Color(0.78, 0.1, 0.1)
FRAME = Color(0.55, 0.35, 0.1)
QR_MASK = 0

_registered = False


def _register_fonts() -> None:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
        _registered = True


def verify_url(certificate, request=None) -> str:
    """The absolute address of the public check; from the request when one is given."""
    path = reverse("cases:verify", kwargs={"token": certificate.verify_token})
    if request is not None:
        return request.build_absolute_uri(path)
    return public_url(path)


def qr_matrix(data: str) -> list[list[bool]]:
    """The QR code's modules (True is dark), without the quiet zone."""
    # A fixed mask: any of the 8 is valid, and scoring all of them is half the render time.
    code = qrcode.QRCode(
        border=0, error_correction=qrcode.constants.ERROR_CORRECT_M, mask_pattern=QR_MASK
    )
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


def _qr_image(matrix) -> Image.Image:
    """The modules as a 1-bit image, one pixel each (readers scale it without smoothing).

    An image is a tenth of the cost of drawing hundreds of vector squares.
    """
    size = len(matrix)
    image = Image.new("1", (size, size), 1)
    image.putdata([0 if dark else 1 for row in matrix for dark in row])
    return image


def _font_for(text: str) -> str:
    return LATIN_FONT if text.isascii() else CJK_FONT


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (by character: Chinese has no spaces)."""
    lines: list[str] = []
    for paragraph in str(text).splitlines() or [""]:
        line = ""
        for char in paragraph:
            if line and pdfmetrics.stringWidth(line + char, font, size) > width:
                lines.append(line)
                line = ""
            line += char
        lines.append(line)
    return lines


def _date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def render(certificate) -> bytes:
    """The certificate's PDF (one A4 page)."""
    _register_fonts()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    pdf.setTitle(f"{certificate.title} {certificate.number}")
    pdf.setSubject(certificate.number)
    pdf.setAuthor(certificate.issuer)
    pdf.setCreator("OneWindow")
    width, height = A4
    margin = 36

    # Border: a thick outer frame and a thin inner one.
    pdf.setStrokeColor(FRAME)
    pdf.setLineWidth(3)
    pdf.rect(margin, margin, width - 2 * margin, height - 2 * margin)
    pdf.setLineWidth(0.8)
    pdf.rect(margin + 8, margin + 8, width - 2 * margin - 16, height - 2 * margin - 16)
    pdf.setFillColor(black)
    pdf.setStrokeColor(black)

    # Title and number.
    y = height - margin - 80
    title_size = 26 if len(certificate.title) <= 16 else 20
    for line in _wrap(certificate.title, CJK_FONT, title_size, width - 2 * margin - 60):
        pdf.setFont(CJK_FONT, title_size)
        pdf.drawCentredString(width / 2, y, line)
        y -= title_size + 8
    if certificate.kind == CertificateKind.COMPREHENSIVE:
        pdf.setFont(CJK_FONT, 11)
        pdf.drawCentredString(width / 2, y + 2, "（一业一证　行业综合许可）")
        y -= 18
    y -= 10
    label = "编号："
    pdf.setFont(CJK_FONT, 12)
    label_width = pdfmetrics.stringWidth(label, CJK_FONT, 12)
    number_width = pdfmetrics.stringWidth(certificate.number, LATIN_FONT, 12)
    x = (width - label_width - number_width) / 2
    pdf.drawString(x, y, label)
    pdf.setFont(LATIN_FONT, 12)
    pdf.drawString(x + label_width, y, certificate.number)
    y -= 40

    # Rows: the holder, then the content.
    label_x, value_x = margin + 50, margin + 170
    value_width = width - margin - 50 - value_x
    rows = [("持证主体", certificate.holder_name)] + [
        (str(label), str(value)) for label, value in certificate.content
    ]
    for label, value in rows:
        if y < margin + 230:
            break  # the footer's space: the full content is in the e-licence record
        if label:
            pdf.setFont(CJK_FONT, 12)
            pdf.drawString(label_x, y, f"{label}：")
        font = _font_for(value)
        for line in _wrap(value, font, 12, value_width):
            pdf.setFont(font, 12)
            pdf.drawString(value_x, y, line)
            y -= 18
        y -= 6

    # Validity, issuer and date (right), the seal placeholder over them.
    footer_y = margin + 120
    right_x = width - margin - 60
    pdf.setFont(CJK_FONT, 12)
    valid = _date(certificate.valid_until) or "长期"
    pdf.drawRightString(right_x, footer_y + 60, f"有效期至：{valid}")
    pdf.drawRightString(right_x, footer_y + 30, f"发证机关：{certificate.issuer}")
    pdf.drawRightString(right_x, footer_y, f"发证日期：{_date(certificate.issued_on)}")
    pdf.setStrokeColor(SEAL_RED)
    pdf.setFillColor(SEAL_RED)
    pdf.setLineWidth(2)
    seal_x, seal_y = right_x - 70, footer_y + 12
    pdf.circle(seal_x, seal_y, 42, stroke=1, fill=0)
    pdf.setFont(CJK_FONT, 8)
    pdf.drawCentredString(seal_x, seal_y + 26, "（印章）")
    pdf.drawCentredString(seal_x, seal_y - 32, "电子签章位置")
    pdf.setFillColor(black)
    pdf.setStrokeColor(black)

    # QR code to the public verification page (left), the address under it.
    url = verify_url(certificate)
    matrix = qr_matrix(url)
    size = 96
    qr_x, qr_y = margin + 40, margin + 70
    pdf.drawImage(ImageReader(_qr_image(matrix)), qr_x, qr_y, size, size)
    pdf.setFont(CJK_FONT, 9)
    pdf.drawString(qr_x, qr_y + size + 8, "扫码核验证照真伪")
    pdf.setFont(LATIN_FONT, 6)
    pdf.drawString(qr_x, margin + 24, url)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
