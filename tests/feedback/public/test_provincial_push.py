"""Ratings go to the provincial 好差评 platform after commit, once, with masked IDs."""

import json
import logging

import pytest
from django.db import transaction

from onewindow.core.audit.models import AuditEvent
from onewindow.feedback import provincial
from onewindow.feedback.constants import PushStatus, RaterKind, RatingChannel
from onewindow.feedback.models import RatingPush
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.cases.factories import submitted_case

from .helpers import rating

pytestmark = pytest.mark.django_db

FIELDS = {
    "rating",
    "case_number",
    "item_code",
    "item_version",
    "department_code",
    "department_name",
    "applicant_type",
    "applicant_id",
    "channel",
    "rated_at",
    "staff",
    "level",
}


@pytest.fixture
def outbox(settings, tmp_path):
    settings.FEEDBACK_PROVINCIAL_BACKEND = "file"
    settings.FEEDBACK_PROVINCIAL_FILE = tmp_path / "province" / "ratings.jsonl"
    return settings.FEEDBACK_PROVINCIAL_FILE


def _lines(path):
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def case_rating():
    department = DepartmentFactory(code="ST-ZJJ", name="区住房和城乡建设局")
    applicant = UserFactory(citizen=True)
    case = submitted_case(applicant=applicant)
    staff = UserFactory(username="st-zjj-7", department=department)
    return rating(
        2,
        department=department,
        case=case,
        staff=staff,
        rater=applicant,
        rater_kind=RaterKind.CITIZEN,
        is_real_name=True,
        comment="态度不好",
    )


def test_the_payload_has_the_platforms_fields_and_a_masked_id(case_rating):
    body = provincial.payload(case_rating)
    assert set(body) == FIELDS
    case = case_rating.case
    assert body["case_number"] == case.number
    assert body["item_code"] == case.item_version.item.code
    assert body["item_version"] == case.item_version.number
    assert (body["department_code"], body["department_name"]) == ("ST-ZJJ", "区住房和城乡建设局")
    assert body["applicant_type"] == "natural_person"
    full = case.applicant.id_number.reveal()
    assert body["applicant_id"] == full[:3] + "*" * 11 + full[-4:]
    assert full not in json.dumps(body)
    assert (body["channel"], body["level"], body["staff"]) == ("on_site", 2, "st-zjj-7")
    assert body["rated_at"].endswith("+08:00")
    assert "态度不好" not in json.dumps(body, ensure_ascii=False)


def test_an_enterprise_and_an_anonymous_rating():
    company = UserFactory(enterprise=True, uscc="91370502MA3C4XYZ1A")
    enterprise = provincial.payload(rating(5, rater=company, rater_kind=RaterKind.ENTERPRISE))
    assert enterprise["applicant_type"] == "legal_person"
    assert enterprise["applicant_id"] == "913***********YZ1A"
    anonymous = provincial.payload(rating(4, channel=RatingChannel.PUBLIC_COMMENT))
    assert anonymous["applicant_type"] == "anonymous" and anonymous["applicant_id"] == ""
    assert anonymous["case_number"] == "" and anonymous["item_version"] is None


def test_a_committed_rating_is_written_to_the_file_once(
    case_rating, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        provincial.schedule_push(case_rating)
    push = RatingPush.objects.get(rating=case_rating)
    assert (push.status, push.attempts, push.backend, push.error) == ("sent", 1, "file", "")
    assert push.pushed_at is not None and set(push.payload) == FIELDS
    lines = _lines(outbox)
    assert len(lines) == 1 and lines[0]["case_number"] == case_rating.case.number
    assert lines[0]["reference"].startswith("HCP-")
    assert AuditEvent.objects.filter(action="rating.provincial_push").count() == 1

    provincial.push(case_rating.pk)  # a repeat (a retried task) sends nothing again
    assert len(_lines(outbox)) == 1
    assert RatingPush.objects.get(rating=case_rating).attempts == 1


def test_nothing_is_pushed_when_the_transaction_rolls_back(
    outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                provincial.schedule_push(rating(5))
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert callbacks == [] and _lines(outbox) == [] and not RatingPush.objects.exists()


class Broken(provincial.ProvincialBackend):
    name = "broken"

    def push(self, payload):
        raise ConnectionError("省平台无响应")


def test_a_failure_is_recorded_and_the_sweep_sends_it_later(settings, outbox):
    one = rating(1)
    settings.FEEDBACK_PROVINCIAL_BACKEND = f"{__name__}.Broken"
    push = provincial.push(one.pk)
    assert (push.status, push.attempts, push.backend) == (PushStatus.FAILED, 1, "broken")
    assert "省平台无响应" in push.error
    event = AuditEvent.objects.get(action="rating.provincial_push")
    assert event.result == "failure"

    settings.FEEDBACK_PROVINCIAL_BACKEND = "file"
    other = rating(5)  # never scheduled: the sweep finds it too
    assert provincial.retry_unsent() == {"sent": 2, "failed": 0}
    push.refresh_from_db()
    assert (push.status, push.attempts) == (PushStatus.SENT, 2) and push.error == ""
    assert sorted(line["rating"] for line in _lines(outbox)) == [one.pk, other.pk]
    assert provincial.retry_unsent() == {"sent": 0, "failed": 0}


def test_an_unknown_backend_fails_the_push_not_the_rating(settings):
    settings.FEEDBACK_PROVINCIAL_BACKEND = "no-such-backend"
    push = provincial.push(rating(5).pk)
    assert push.status == PushStatus.FAILED and "no-such-backend" in push.error


def test_the_console_backend_logs_one_line(settings, caplog, django_capture_on_commit_callbacks):
    settings.FEEDBACK_PROVINCIAL_BACKEND = "console"
    one = rating(4, department=DepartmentFactory(code="ST-TAX"))
    with (
        caplog.at_level(logging.INFO, logger="onewindow.feedback.provincial"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        provincial.schedule_push(one)
    assert "department=ST-TAX level=4" in caplog.text
    assert RatingPush.objects.get(rating=one).status == PushStatus.SENT


def test_the_task_runs_in_process_without_a_broker(outbox):
    from onewindow.feedback.tasks import push_rating, retry_provincial_pushes

    one = rating(3)
    assert push_rating.delay(rating_id=one.pk).get() == "sent"
    assert retry_provincial_pushes.delay().get() == {"sent": 0, "failed": 0}
    assert push_rating.delay(rating_id=999999).get() == ""
