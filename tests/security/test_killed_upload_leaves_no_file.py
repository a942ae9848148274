"""Attack replay (faults): an upload whose transaction never commits leaves no file behind.

Uploads are written under a pending name and reach their final, generated name only when
the transaction commits (core/files.py). A killed process runs no Python at all: the
database rolls its transaction back and nothing cleans up, which is what
``never_committed`` stages here (the request or service runs to its end, then the
transaction is rolled back with no exception for any handler to see). What is left is a
pending file, which the sweeper (``manage.py sweep_pending_files``, hourly in beat)
removes once it is old enough; it never removes a file a committed row points at.
"""

import contextlib
import io
import os
import time

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from onewindow.accounts.constants import Role
from onewindow.cases.models import ApplicantDocument, Case
from onewindow.core.files import PENDING_SUFFIX
from onewindow.rectification.ledger import services as ledger
from onewindow.rectification.models import ProgressEvidence, ProgressUpdate
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.cases.test_uploads import SCAN, one_material_item, post
from tests.cases.upload_samples import upload
from tests.rectification.factories import inspection_, measure_, png, problem_

pytestmark = pytest.mark.django_db

OLDER_THAN_THE_SWEEPERS_AGE = 7 * 60 * 60  # FILES_PENDING_MAX_AGE is 6 hours


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    root = tmp_path / "media"
    settings.MEDIA_ROOT = str(root)
    return root


def files_in(root) -> list[str]:
    if not root.exists():
        return []
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def age_everything(root) -> None:
    then = time.time() - OLDER_THAN_THE_SWEEPERS_AGE
    for path in root.rglob("*"):
        os.utime(path, (then, then))


def sweep() -> str:
    out = io.StringIO()
    call_command("sweep_pending_files", stdout=out)
    return out.getvalue()


@contextlib.contextmanager
def never_committed():
    """The transaction is rolled back as the database does for a killed process."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def citizen(client):
    user = UserFactory(citizen=True)
    client.force_login(user)
    return user


def test_an_application_killed_before_its_commit_leaves_a_pending_file_that_is_swept(
    client, citizen, media
):
    item = one_material_item()
    with never_committed():
        response = post(client, item, {"身份证明": upload("身份证.pdf", SCAN)})
        assert response.status_code == 302  # the work was done; the commit never came
    assert Case.objects.count() == 0 and ApplicantDocument.objects.count() == 0
    left = files_in(media)
    assert len(left) == 1 and left[0].endswith(PENDING_SUFFIX)  # never under a final name

    assert "删除遗留的临时文件 0 个" in sweep()  # too young: its transaction may still run
    assert files_in(media) == left
    age_everything(media)
    assert "删除遗留的临时文件 1 个" in sweep()
    assert files_in(media) == []


def test_evidence_of_a_killed_progress_report_is_swept_too(media):
    unit = DepartmentFactory(name="政务服务科")
    clerk = UserFactory(role=Role.CLERK, department=unit)
    measure = measure_(problem_(inspection_()), unit=unit)
    with never_committed():
        ledger.report_progress(measure, "已印发制度", [png(), png("制度.png")], clerk)
    assert ProgressUpdate.objects.count() == 0 and ProgressEvidence.objects.count() == 0
    left = files_in(media)
    assert len(left) == 2 and all(name.endswith(PENDING_SUFFIX) for name in left)
    age_everything(media)
    sweep()
    assert files_in(media) == []


def test_a_process_killed_between_commit_and_move_gets_its_file_moved_not_removed(
    client, citizen, media, django_capture_on_commit_callbacks
):
    item = one_material_item()
    # The commit happened (the rows are there) but the callbacks after it never ran.
    with django_capture_on_commit_callbacks(execute=False):
        assert post(client, item, {"身份证明": upload("身份证.pdf", SCAN)}).status_code == 302
    doc = ApplicantDocument.objects.get()
    assert files_in(media) == [doc.file.name + PENDING_SUFFIX]
    url = reverse("cases:document", kwargs={"token": doc.token})
    assert client.get(url).status_code == 404  # not there yet

    age_everything(media)
    assert "移入正式位置 1 个" in sweep()
    assert files_in(media) == [doc.file.name]
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == SCAN


def test_the_sweeper_never_touches_files_of_committed_rows(
    client, citizen, media, django_capture_on_commit_callbacks
):
    item = one_material_item()
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, item, {"身份证明": upload("身份证.pdf", SCAN)}).status_code == 302
    doc = ApplicantDocument.objects.get()
    assert files_in(media) == [doc.file.name]
    age_everything(media)
    sweep()
    assert files_in(media) == [doc.file.name]
    assert doc.file.open("rb").read() == SCAN


def test_a_failure_after_the_files_were_written_leaves_no_file_at_once(monkeypatch, media):
    unit = DepartmentFactory(name="政务服务科")
    clerk = UserFactory(role=Role.CLERK, department=unit)
    measure = measure_(problem_(inspection_()), unit=unit)

    def audit_fails(*args, **kwargs):
        raise RuntimeError("the audit write failed after the evidence was stored")

    monkeypatch.setattr(ledger, "record", audit_fails)
    with pytest.raises(RuntimeError):
        ledger.report_progress(measure, "已印发制度", [png(), png("制度.png")], clerk)
    assert ProgressUpdate.objects.count() == 0
    assert files_in(media) == []  # no sweeper needed
