"""Attack replay: a 200 MB body is refused with 413 before the platform reads it.

Without the limit, Django's CSRF check reads ``request.POST`` before any view runs, which
writes every uploaded file to memory or a temporary file; the per-file size check in the
view comes too late. The body here is a tripwire: it counts what is read and raises once
more than a little was read, so the test fails loudly when the body is consumed.
"""

import io

import pytest
from asgiref.sync import async_to_sync
from django.test import AsyncClient
from django.test.client import FakePayload
from django.urls import reverse

from onewindow.cases.models import ApplicantDocument, Case
from tests.accounts.factories import UserFactory
from tests.cases.test_uploads import one_material_item, post
from tests.cases.upload_samples import pdf_bytes, upload

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
BOUNDARY = "----owboundary"


class BodyWasRead(AssertionError):
    pass


class Tripwire(io.RawIOBase):
    """A multipart body of ``size`` bytes, made up as it is read; alarms after ``alarm``."""

    def __init__(self, size: int, alarm: int = 64 * 1024):
        self.size, self.alarm, self.given = size, alarm, 0
        self.head = (
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=material_1; "
            'filename="huge.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n'
        ).encode()

    def readable(self):
        return True

    def read(self, size=-1):
        size = self.size - self.given if size is None or size < 0 else size
        size = min(size, self.size - self.given)
        start, self.given = self.given, self.given + size
        if self.given > self.alarm:
            raise BodyWasRead(f"{self.given} bytes of the body were read")
        head = self.head[start : start + size]
        return head + b"0" * (size - len(head))

    def readline(self, size=-1):
        return self.read(64 if size is None or size < 0 else min(size, 64))


def post_body(client, path, body, *, length, content_type):
    extra = {"wsgi.input": body}
    if length is not None:
        extra["CONTENT_LENGTH"] = str(length)
    return client.generic("POST", path, b"", content_type=content_type, **extra)


@pytest.fixture
def citizen_client(client):
    client.force_login(UserFactory(citizen=True))
    return client


def test_a_200_mb_application_is_refused_before_a_byte_is_read(citizen_client, settings):
    item = one_material_item()
    body = Tripwire(200 * MB)
    response = post_body(
        citizen_client,
        reverse("cases:apply", kwargs={"item_code": item.code}),
        body,
        length=200 * MB,
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert "提交的内容过大" in html and "本次提交的内容超过 101 MB，未被接收" in html
    assert "每个文件不能超过 10 MB" in html
    assert body.given == 0
    assert Case.objects.count() == 0 and ApplicantDocument.objects.count() == 0


def test_the_api_has_its_own_smaller_limit(client):
    payload = b'{"item": "x", "form_data": {"note": "' + b"a" * (2 * MB) + b'"}}'
    response = client.post(reverse("api:cases_apply"), payload, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"detail": "请求内容过大：接口请求不能超过 1 MB。"}


def test_the_page_limit_is_a_setting_and_a_real_upload_over_it_is_refused(
    citizen_client, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.REQUEST_MAX_BYTES = 200 * 1024
    item = one_material_item()
    scan = pdf_bytes("扫描件") + b"%" + b"0" * (300 * 1024)  # a valid PDF, padded
    response = post(citizen_client, item, {"身份证明": upload("身份证.pdf", scan)})
    assert response.status_code == 413
    assert "本次提交的内容超过 0.2 MB" in response.content.decode()
    assert Case.objects.count() == 0
    assert not (tmp_path / "media").exists()

    small = post(citizen_client, item, {"身份证明": upload("身份证.pdf", pdf_bytes("扫描件"))})
    assert small.status_code == 302  # under the limit: the application goes in


def test_djangos_own_limit_on_form_fields_is_a_413_in_chinese_too(citizen_client):
    # Under the page's limit, but more form text than Django holds in memory (2.5 MB).
    item = one_material_item()
    response = citizen_client.post(
        reverse("cases:apply", kwargs={"item_code": item.code}),
        {"applicant_name": "名" * (1024 * 1024)},  # 3 MB in UTF-8
    )
    assert response.status_code == 413
    assert "提交的内容过大" in response.content.decode()
    assert Case.objects.count() == 0


def test_a_body_without_a_length_is_counted_while_it_is_read_and_refused():
    # An ASGI server hands Django a chunked body as a stream with no Content-Length, and
    # request.body reads it up to DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB; the NUL check
    # reads every JSON body): it is cut one byte past the API's limit instead.
    body = b'{"note": "' + b"a" * (2 * MB) + b'"}'
    response = async_to_sync(AsyncClient().request)(
        method="POST",
        path=reverse("api:cases_apply"),
        query_string="",
        headers=[(b"content-type", b"application/json")],
        _body_file=FakePayload(body),
    )
    assert response.status_code == 413
    assert response.json() == {"detail": "请求内容过大：接口请求不能超过 1 MB。"}


def test_a_chunked_body_under_wsgi_is_not_read(client):
    # WSGI gives Django no length for a chunked body, and Django then reads none of it
    # (were it ever to, the counting stream would stop it at the limit).
    body = Tripwire(200 * MB)
    response = post_body(
        client,
        "/accounts/login/",
        body,
        length=None,
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )
    assert response.status_code == 200  # the login form again: it arrived empty
    assert body.given == 0
