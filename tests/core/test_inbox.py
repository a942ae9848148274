"""站内信: every notification to a user lands in their inbox, in the change's transaction;
a user reads and marks only their own messages (anyone else's is a 404), on the pages and
through the API."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from onewindow.cases import services as case_services
from onewindow.core.errors import NotFound
from onewindow.core.inbox import services as inbox
from onewindow.core.inbox.models import InboxMessage
from onewindow.core.notify import notify
from tests.accounts.factories import UserFactory
from tests.cases.factories import clerk, submitted_case

pytestmark = pytest.mark.django_db

ID = "370502199001011233"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_notification_to_a_user_is_in_their_inbox_with_personal_data_masked():
    person = UserFactory(citizen=True)
    notify(person, subject="测试通知", body=f"申请人身份证{ID}", event="test.event")
    [message] = inbox.messages_of(person)
    assert message.subject == "测试通知" and message.event == "test.event"
    assert ID not in message.body and "370***********1233" in message.body
    assert InboxMessage.objects.get(pk=message.pk).body_sealed  # the typed text, sealed
    assert inbox.unread_count(person) == 1


def test_a_rolled_back_change_leaves_no_message():
    person = UserFactory(citizen=True)
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(person, subject="不会发出", body="", event="test.event")
        raise RuntimeError
    assert inbox.unread_count(person) == 0


def test_a_plain_phone_recipient_has_no_inbox():
    notify("13800138000", subject="短信", body="", event="test.event")
    assert InboxMessage.objects.count() == 0


def test_acceptance_reaches_the_applicants_inbox_with_a_link_to_the_case(committed):
    case = submitted_case()
    committed(case_services.accept, clerk(), case)
    [message] = inbox.messages_of(case.applicant)
    assert message.event == "case.accepted" and case.number in message.body
    page = _client(case.applicant).get(reverse("inbox:message", args=[message.pk]))
    assert page.status_code == 200
    assert reverse("cases:detail", args=[case.number]) in page.content.decode()


def test_reading_marks_read_and_the_navigation_counts_unread():
    person = UserFactory(citizen=True)
    for n in range(3):
        notify(person, subject=f"通知{n}", body="正文", event="test.event")
    client = _client(person)
    home = client.get(reverse("inbox:list")).content.decode()
    assert 'data-testid="nav-inbox-unread">3<' in home
    first = inbox.messages_of(person).last()
    assert client.get(reverse("inbox:message", args=[first.pk])).status_code == 200
    first.refresh_from_db()
    assert first.read_at is not None and inbox.unread_count(person) == 2
    unread_page = client.get(reverse("inbox:list") + "?show=unread").content.decode()
    assert "通知0" not in unread_page and "通知1" in unread_page
    client.post(reverse("inbox:read_all"))
    assert inbox.unread_count(person) == 0


def test_the_list_pages_twenty_at_a_time():
    person = UserFactory(enterprise=True)
    for n in range(25):
        notify(person, subject=f"第{n}条", body="", event="test.event")
    client = _client(person)
    first = client.get(reverse("inbox:list")).content.decode()
    second = client.get(reverse("inbox:list") + "?page=2").content.decode()
    assert first.count('data-testid="inbox-message"') == 20
    assert second.count('data-testid="inbox-message"') == 5
    assert "第24条" in first and "第0条" in second


def test_another_persons_message_is_404_on_the_page_the_api_and_the_service():
    owner, other = UserFactory(citizen=True), UserFactory(enterprise=True)
    notify(owner, subject="私人", body="正文", event="test.event")
    [message] = inbox.messages_of(owner)
    client = _client(other)
    assert client.get(reverse("inbox:message", args=[message.pk])).status_code == 404
    assert client.post(f"/api/inbox/{message.pk}/read").status_code == 404
    with pytest.raises(NotFound):
        inbox.read(other, message.pk)
    assert client.get("/api/inbox").json()["items"] == []
    message.refresh_from_db()
    assert message.read_at is None  # nobody else marked it
    assert client.get(reverse("inbox:message", args=[10**20])).status_code == 404


def test_the_api_lists_marks_one_and_marks_all():
    person = UserFactory(citizen=True)
    for n in range(3):
        notify(person, subject=f"通知{n}", body="正文", event="test.event")
    client = _client(person)
    listed = client.get("/api/inbox").json()
    assert listed["count"] == 3 and listed["items"][0]["subject"] == "通知2"
    one = listed["items"][0]["id"]
    marked = client.post(f"/api/inbox/{one}/read")
    assert marked.status_code == 200 and marked.json()["read_at"]
    assert client.get("/api/inbox/unread").json() == {"unread": 2}
    assert client.get("/api/inbox?unread=true").json()["count"] == 2
    assert client.post("/api/inbox/read-all").json() == {"marked": 2}
    assert client.get("/api/inbox/unread").json() == {"unread": 0}


def test_anonymous_callers_get_the_login_page_and_401():
    assert Client().get(reverse("inbox:list")).status_code == 302
    assert Client().get("/api/inbox").status_code == 401
