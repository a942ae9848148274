"""manage.py backup writes the database, the uploads and a signed manifest; restore refuses a
backup whose manifest or files were changed, and a database that is not empty.

The full drill (a demo backed up and restored into a fresh PostgreSQL database, everything
compared) runs against the stack in .ci/run: scripts/stack_drills.py backup-restore.
"""

import json

import pytest
from django.core.management import CommandError, call_command

from onewindow.core import backup
from onewindow.core.audit import record
from onewindow.core.models import ThrottleCount

# Committed data, as a real backup sees it (and no test transaction holding SQLite's lock).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    root = tmp_path / "media"
    (root / "cases" / "ab").mkdir(parents=True)
    (root / "cases" / "ab" / "upload-1.pdf").write_bytes(b"%PDF-1.4 material")
    (root / "cases" / "ab" / "half.pdf.pending").write_bytes(b"unfinished")
    settings.MEDIA_ROOT = root
    return root


def test_the_manifest_counts_rows_names_the_chain_head_and_signs_the_files(media, tmp_path):
    ThrottleCount.objects.create(bucket="b", count=1, expires_at=1)
    record("test.backup", object_type="core.throttlecount", object_id="b", summary="备份前")
    target = tmp_path / "bk"
    call_command("backup", str(target))
    manifest = json.loads((target / backup.MANIFEST).read_text())
    assert manifest["engine"] in {"sqlite", "postgresql"}
    assert manifest["tables"]["core_throttlecount"] == 1
    assert manifest["audit_head"]["count"] >= 1 and manifest["audit_head"]["mac"]
    # Committed uploads only: a pending file of an unfinished transaction is not part of it.
    assert list(manifest["files"]) == ["cases/ab/upload-1.pdf"]
    assert (target / "media" / "cases/ab/upload-1.pdf").read_bytes() == b"%PDF-1.4 material"
    assert backup.check(target).manifest == manifest


def test_a_changed_manifest_or_file_is_refused(media, tmp_path):
    target = tmp_path / "bk"
    call_command("backup", str(target))
    upload = target / "media" / "cases/ab/upload-1.pdf"
    upload.write_bytes(b"%PDF-1.4 swapped")
    with pytest.raises(CommandError, match="校验值不符"):
        call_command("restore", str(target), "--check-only")
    upload.write_bytes(b"%PDF-1.4 material")
    manifest = json.loads((target / backup.MANIFEST).read_text())
    manifest["audit_head"]["count"] += 1
    (target / backup.MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="签名不符"):
        call_command("restore", str(target), "--check-only")


def test_restore_refuses_a_database_that_is_not_empty(media, tmp_path):
    target = tmp_path / "bk"
    call_command("backup", str(target))
    with pytest.raises(CommandError, match="不是空的"):
        call_command("restore", str(target))


def test_backup_refuses_a_directory_in_use(media, tmp_path):
    target = tmp_path / "bk"
    target.mkdir()
    (target / "other").write_text("x")
    with pytest.raises(CommandError, match="不是空的"):
        call_command("backup", str(target))
