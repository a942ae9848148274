"""Attack replay (faults): a full disk or a database that is down is a clear 503 in Chinese.

Never a bare 500, and nothing half-written: the disk fills up in the middle of an
application's second file, and the answer is a 503 page with Retry-After, no case, no
document record and no file (not even the half-written one). For the database, a real
outage cannot be staged inside a test's transaction, so the connection is made to refuse
as PostgreSQL does while it restarts (``ensure_connection`` raises OperationalError).
"""

import errno
import os

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import OperationalError, connections
from django.urls import reverse

from onewindow.cases.models import ApplicantDocument, Case
from onewindow.core import outage
from tests.accounts.factories import UserFactory
from tests.cases.test_uploads import one_material_item, post
from tests.cases.upload_samples import docx_bytes, pdf_bytes, upload
from tests.catalog.factories import material

pytestmark = pytest.mark.django_db


class DiskFillsUp(FileSystemStorage):
    """A real folder with room for ``room`` files: the next one stops half-way, ENOSPC."""

    room = 1

    def _save(self, name, content):
        if DiskFillsUp.room > 0:
            DiskFillsUp.room -= 1
            return super()._save(name, content)
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = content.read()
        with open(path, "wb") as half:
            half.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)


@pytest.fixture
def media(settings, tmp_path):
    root = tmp_path / "media"
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture
def full_disk(settings, media):
    DiskFillsUp.room = 1
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.DiskFillsUp"},
    }
    return media


def files_in(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_disk_that_fills_up_during_an_application_answers_503_and_keeps_nothing(
    client, full_disk
):
    item = one_material_item(materials=[material("身份证明"), material("经营场所证明")])
    client.force_login(UserFactory(citizen=True))
    response = post(
        client,
        item,
        {
            "身份证明": upload("身份证.pdf", pdf_bytes("id")),
            "经营场所证明": upload("场所证明.docx", docx_bytes()),
        },
    )
    assert DiskFillsUp.room == 0  # the first file was written before the disk filled up
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert "服务暂时不可用" in html and "服务器存储空间暂时不足，本次提交没有保存" in html
    assert Case.objects.count() == 0 and ApplicantDocument.objects.count() == 0
    assert files_in(full_disk) == []  # neither the whole first file nor the half second


@pytest.fixture
def database_down(monkeypatch):
    def refuse():
        raise OperationalError(
            'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
        )

    monkeypatch.setattr(connections["default"], "ensure_connection", refuse)


def test_a_page_while_the_database_is_down_is_a_503_page_in_chinese(client, database_down):
    client.raise_request_exception = False  # a 500 would come back as a page, not raise
    response = client.get("/services/")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert "服务暂时不可用" in html and "数据库暂时无法访问" in html
    assert "错误代码 503" in html


def test_a_signed_in_user_gets_the_503_page_too(client, request):
    # The session and the user are read in middleware, before any view: the database
    # error reaches only the 500 handler, which still answers 503.
    client.force_login(UserFactory(citizen=True))
    request.getfixturevalue("database_down")
    client.raise_request_exception = False
    response = client.get(reverse("cases:my_cases"))
    assert response.status_code == 503
    assert "数据库暂时无法访问" in response.content.decode()


def test_the_api_while_the_database_is_down_answers_json_503(client, database_down):
    client.raise_request_exception = False
    response = client.get("/api/catalog/items")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response.json() == {
        "detail": "数据库暂时无法访问，本次操作没有完成，所填内容没有保存。请稍后重试。"
    }


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "storage"),
        (OSError(errno.EDQUOT, "Disk quota exceeded"), "storage"),
        (OSError(errno.EROFS, "Read-only file system"), "storage"),
        (OSError(errno.EACCES, "Permission denied"), None),  # a bug to fix, not an outage
        (FileNotFoundError(errno.ENOENT, "gone"), None),
        (RuntimeError("a bug"), None),
        (OperationalError("database is locked"), "database"),
    ],
)
def test_only_outages_are_answered_with_503(exc, expected):
    assert outage.cause(exc) == expected
