"""通知设置: the 站内信 always; SMS and email as the applicant chose (issue 15 item 6).

Security codes ignore the choice: a password reset code still goes by SMS (decision 0048).
"""

import pytest
from django.test import Client
from django.urls import reverse

from onewindow.accounts import password_reset, services
from onewindow.cases import services as cases
from onewindow.core.audit.models import AuditEvent
from onewindow.core.errors import InvalidInput
from onewindow.core.inbox.models import InboxMessage
from onewindow.core.notify import NotifyBackend
from tests.accounts.factories import UserFactory
from tests.cases.factories import clerk, submitted_case

pytestmark = pytest.mark.django_db

URL = reverse("accounts:notification_settings")
SENT_BY_SMS: list[tuple[str, str]] = []


class SmsBackend(NotifyBackend):
    """An SMS backend as a deployment would add one (core/notify/backends.py), recording."""

    name = "sms"
    channel = "sms"

    def accepts(self, notification):
        return bool(notification.recipient.phone) and super().accepts(notification)

    def send(self, notification):
        SENT_BY_SMS.append((notification.event, notification.recipient.full_phone()))


@pytest.fixture
def sms(settings, outbox):
    settings.NOTIFY_BACKENDS = ["file", f"{__name__}.SmsBackend"]
    SENT_BY_SMS.clear()
    yield SENT_BY_SMS
    SENT_BY_SMS.clear()


def test_the_page_is_in_the_account_menu_and_saves_the_choice():
    person = UserFactory(citizen=True)
    client = Client()
    client.force_login(person)
    page = client.get(URL)
    assert page.status_code == 200 and "通知设置" in page.content.decode()
    assert URL in client.get(reverse("accounts:me")).content.decode()
    response = client.post(URL, {"email": ""})  # SMS unticked, email unticked
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.notify_by_sms is False and person.notify_by_email is False
    event = AuditEvent.objects.get(action="account.notify_settings", actor=person)
    assert event.after == {"sms": False, "email": False}


def test_email_cannot_be_switched_on_without_an_address():
    person = UserFactory(citizen=True, email="")
    client = Client()
    client.force_login(person)
    response = client.post(URL, {"sms": "on", "email": "on"})
    assert response.status_code == 400
    assert "未登记电子邮箱" in response.content.decode()
    person.refresh_from_db()
    assert person.notify_by_sms is True
    assert not AuditEvent.objects.filter(action="account.notify_settings").exists()
    with pytest.raises(InvalidInput):
        services.set_notification_channels(person, sms=True, email=True)


def test_the_api_reads_and_sets_the_channels(client, login):
    person = UserFactory(citizen=True, email="zhang@example.com")
    login(person)
    url = "/api/accounts/me/notifications"
    assert client.get(url).json() == {"inbox": True, "sms": True, "email": True}
    answer = client.put(url, {"sms": False, "email": True}, content_type="application/json")
    assert answer.status_code == 200
    assert answer.json() == {"inbox": True, "sms": False, "email": True}
    person.refresh_from_db()
    assert person.notify_by_sms is False


def test_with_sms_off_a_case_notice_reaches_the_inbox_but_not_the_phone(sms, outbox, committed):
    applicant = UserFactory(citizen=True)
    services.set_notification_channels(applicant, sms=False, email=False)
    case = submitted_case(applicant=applicant)
    committed(cases.refuse, clerk(), case, "不属于本机关职权范围。")
    assert [line["event"] for line in outbox()] == ["case.refused"]
    assert InboxMessage.objects.filter(recipient=applicant, event="case.refused").exists()
    assert sms == []


def test_with_sms_on_a_case_notice_goes_to_both(sms, outbox, committed):
    applicant = UserFactory(citizen=True)
    case = submitted_case(applicant=applicant)
    committed(cases.refuse, clerk(), case, "不属于本机关职权范围。")
    assert InboxMessage.objects.filter(recipient=applicant, event="case.refused").exists()
    assert sms == [("case.refused", applicant.phone.reveal())]


def test_a_reset_code_still_goes_by_sms_with_sms_off(sms, django_capture_on_commit_callbacks):
    person = UserFactory(citizen=True)
    services.set_notification_channels(person, sms=False, email=False)
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("accounts:password_reset"), {"username": person.username})
    assert sms == [(password_reset.EVENT, person.phone.reveal())]
