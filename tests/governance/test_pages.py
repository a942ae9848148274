"""The pages people touch: confidential registers are 404 to others and every read is
audited; the expenditure and meeting forms call the services; minutes come out as .docx."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from docx import Document

from onewindow.accounts.constants import Role
from onewindow.core.audit.models import AuditEvent
from onewindow.governance.constants import ItemKind, MeetingKind
from onewindow.governance.meetings import services as meetings
from onewindow.governance.models import Expenditure, Talk

from .conftest import person

pytestmark = pytest.mark.django_db


def _client(client, user):
    client.force_login(user)
    return client


def test_talk_records_are_404_to_others_and_each_read_is_audited(client, principal, clerk, office):
    Talk.objects.create(
        kind="integrity",
        leader=principal,
        subject=clerk,
        held_on=timezone.localdate(),
        content="廉政谈话内容",
        recorded_by=principal,
    )
    assert _client(client, office).get("/governance/talks/").status_code == 404
    assert _client(client, clerk).get("/governance/talks/").status_code == 404
    response = _client(client, principal).get("/governance/talks/")
    assert response.status_code == 200 and "廉政谈话内容" in response.content.decode()
    assert AuditEvent.objects.filter(action="governance.talk_read").count() == 1


def test_cadre_files_are_404_to_the_office(client, office, personnel, clerk):
    from onewindow.governance.cadres import services as cadres

    selection = cadres.start(personnel, title="选拔", post_name="股长", candidates=[clerk])
    url = f"/governance/selections/{selection.pk}/"
    assert _client(client, office).get(url).status_code == 404
    assert _client(client, personnel).get(url).status_code == 200
    assert AuditEvent.objects.filter(action="governance.selection_read").count() == 1


def test_a_bad_sum_on_the_form_is_refused_with_a_chinese_message(client, clerk):
    response = _client(client, clerk).post(
        "/governance/expenditures/", {"purpose": "购买", "amount": "-5"}
    )
    assert response.status_code == 400
    assert "金额必须大于零" in response.content.decode()
    assert not Expenditure.objects.exists()


def test_minutes_come_out_as_a_word_document(client, office, members):
    meeting = meetings.create_meeting(
        office,
        kind=MeetingKind.PARTY_GROUP,
        title="2026年第1次党组会议",
        held_on=timezone.localdate(),
        members=members,
    )
    meetings.add_item(office, meeting, title="学习讲话精神", kind=ItemKind.STUDY)
    item = meetings.add_item(office, meeting, title="研究重大事项", kind=ItemKind.MAJOR_DECISION)
    meetings.file_item(office, item, filed_on=timezone.localdate() - timedelta(days=5))
    meetings.decide(office, item, decision="同意实施", votes_for=5)
    response = _client(client, office).get(f"/governance/meetings/{meeting.pk}/minutes.docx")
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "研究重大事项" in text and "同意实施" in text and "报备" in text


def test_the_office_arranges_a_meeting_through_the_page(client, office, members):
    page = _client(client, office)
    response = page.post(
        "/governance/meetings/new/",
        {
            "kind": "party_group",
            "title": "党组会议",
            "held_on": timezone.localdate().isoformat(),
            "members": [m.pk for m in members],
        },
    )
    assert response.status_code == 302
    url = response["Location"]
    page.post(url + "item/", {"title": "研究预算", "kind": "ordinary"})
    response = page.post(url + "finalise/", {"minutes": ""}, follow=True)
    assert "第一议题" in response.content.decode()


def test_a_division_head_sees_only_their_divisions_requests(client, clerk, head):
    other = person(Role.CLERK, department=None)
    from tests.accounts.factories import DepartmentFactory

    other.department = DepartmentFactory()
    other.save()
    from onewindow.governance.spending import services as spending

    mine = spending.file_expenditure(clerk, purpose="本股室", amount="100")
    theirs = spending.file_expenditure(other, purpose="其他股室", amount="100")
    page = _client(client, head)
    assert page.get(f"/governance/expenditures/{mine.pk}/").status_code == 200
    assert page.get(f"/governance/expenditures/{theirs.pk}/").status_code == 404
