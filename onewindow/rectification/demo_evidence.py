"""A one-page PDF standing in for a closed demo measure's proof (佐证材料)."""

import io
import textwrap

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"


def evidence_pdf(problem_title: str, measure_content: str) -> bytes:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    page.setTitle("整改佐证材料")
    page.setFont(FONT, 18)
    page.drawCentredString(A4[0] / 2, A4[1] - 30 * mm, "整改佐证材料（演示）")
    page.setFont(FONT, 11)
    y = A4[1] - 45 * mm
    for label, text in (("问题", problem_title), ("整改措施", measure_content)):
        for line in textwrap.wrap(f"{label}：{text}", 40)[:20]:
            page.drawString(25 * mm, y, line)
            y -= 7 * mm
        y -= 4 * mm
    page.showPage()
    page.save()
    return buffer.getvalue()
