"""Delivery (送达): at the window or by post; the delivery clock stops and the case ends."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from onewindow.cases import selectors
from onewindow.cases.certificates import deliver
from onewindow.cases.constants import CaseStatus, DeliveryMethod
from onewindow.cases.models import Case, Delivery
from onewindow.core.audit.models import AuditEvent
from onewindow.core.errors import Conflict, InvalidInput, PermissionDenied
from tests.accounts.factories import UserFactory
from tests.cases.certificate_factories import approved_case
from tests.cases.factories import approver, clerk, freeze

pytestmark = pytest.mark.django_db


def _fresh(case):
    return Case.objects.select_related("delivery_clock").get(pk=case.pk)


def test_picked_up_at_the_window_stops_the_clock_and_concludes_the_case():
    case = approved_case()
    assert case.delivery_clock.stopped_on is None
    window = clerk()

    case = deliver(window, case, method=DeliveryMethod.WINDOW, recipient=" 王小明 ")
    assert case.status == CaseStatus.CONCLUDED and case.concluded_at is not None
    delivery = Delivery.objects.get(case=case)
    assert delivery.method == DeliveryMethod.WINDOW
    assert delivery.recipient == "王小明" and delivery.recorded_by == window
    assert delivery.delivered_at is not None and delivery.tracking_number == ""
    assert _fresh(case).delivery_clock.stopped_on is not None
    last = selectors.timeline(case)[-1]
    assert last.action == "conclude" and "王小明" in last.note
    assert AuditEvent.objects.filter(action="case.deliver").count() == 1
    assert AuditEvent.objects.filter(action="case.conclude").count() == 1


def test_sent_by_post_records_address_courier_and_tracking_number():
    case = approved_case()
    case = deliver(
        clerk(),
        case,
        method=DeliveryMethod.POST,
        address="山东省东营市东营区府前大街55号",
        courier="中国邮政EMS",
        tracking_number="1150123456789",
    )
    assert case.status == CaseStatus.CONCLUDED
    delivery = Delivery.objects.get(case=case)
    assert delivery.method == DeliveryMethod.POST
    assert delivery.recipient == case.applicant.display_name  # the applicant by default
    assert delivery.courier == "中国邮政EMS" and delivery.tracking_number == "1150123456789"
    assert _fresh(case).delivery_clock.stopped_on is not None
    assert "1150123456789" in selectors.timeline(case)[-1].note


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"address": "东营区府前大街55号", "courier": "EMS"}, "请填写运单号"),
        ({"address": "东营区府前大街55号", "tracking_number": "1150123456789"}, "请填写寄递企业"),
        ({"courier": "EMS", "tracking_number": "1150123456789"}, "请填写邮寄地址"),
        (
            {"address": "东营区", "courier": "EMS", "tracking_number": "单号<script>"},
            "运单号应为6至50位字母、数字或短横线",
        ),
        ({"address": "址" * 301, "courier": "EMS", "tracking_number": "1150123456"}, "不能超过"),
    ],
)
def test_post_without_what_it_needs_is_refused_in_chinese_and_writes_nothing(fields, message):
    case = approved_case()
    with pytest.raises(InvalidInput, match=message):
        deliver(clerk(), case, method=DeliveryMethod.POST, **fields)
    case = _fresh(case)
    assert case.status == CaseStatus.DECIDED
    assert not Delivery.objects.filter(case=case).exists()
    assert case.delivery_clock.stopped_on is None
    assert not AuditEvent.objects.filter(action__in=["case.deliver", "case.conclude"]).exists()


def test_window_pickup_needs_a_name_and_a_method_must_be_chosen():
    case = approved_case()
    with pytest.raises(InvalidInput, match="请填写领取人姓名"):
        deliver(clerk(), case, method=DeliveryMethod.WINDOW, recipient="  ")
    with pytest.raises(InvalidInput, match="请选择送达方式"):
        deliver(clerk(), case, method="pigeon", recipient="王小明")


def test_only_a_clerk_delivers_a_decided_case_and_only_once():
    case = approved_case()
    for someone in (case.applicant, approver(case.item_version.item.department)):
        with pytest.raises(PermissionDenied):
            deliver(someone, case, method=DeliveryMethod.WINDOW, recipient="王小明")
    deliver(clerk(), case, method=DeliveryMethod.WINDOW, recipient="王小明")
    with pytest.raises(Conflict):
        deliver(clerk(), case, method=DeliveryMethod.WINDOW, recipient="李四")
    assert Delivery.objects.filter(case=case).count() == 1


def test_a_refused_decision_is_delivered_too():
    case = approved_case(approve=False)
    assert case.delivery_clock is None
    case = deliver(clerk(), case, method=DeliveryMethod.WINDOW, recipient="王小明")
    assert case.status == CaseStatus.CONCLUDED


def test_the_delivery_clock_gives_ten_working_days_across_national_day(calendar_2026, monkeypatch):
    freeze(monkeypatch, date(2026, 9, 29))
    case = approved_case()
    clock = case.delivery_clock
    assert clock.started_on == date(2026, 9, 29) and clock.limit_days == 10
    # 09-30, then the holiday to 10-07; 10-10 is a make-up Saturday: the 10th day is 10-19.
    assert clock.due_date == date(2026, 10, 19)
    freeze(monkeypatch, date(2026, 10, 9))
    deliver(clerk(), case, method=DeliveryMethod.WINDOW, recipient="王小明")
    assert _fresh(case).delivery_clock.stopped_on == date(2026, 10, 9)


def test_the_delivery_page_shows_the_certificates_and_the_form_and_delivers():
    case = approved_case()
    certificate = case.certificates.get()
    url = reverse("cases:deliver", kwargs={"number": case.number})
    window = Client()
    window.force_login(clerk())

    page = window.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert certificate.number in html
    assert reverse("cases:certificate_pdf", kwargs={"number": certificate.number}) in html
    assert 'data-testid="delivery-form"' in html

    refused = window.post(
        url, {"method": "post", "address": "东营区府前大街55号", "courier": "EMS"}
    )
    assert refused.status_code == 200
    assert "请填写运单号" in refused.content.decode()
    assert _fresh(case).status == CaseStatus.DECIDED

    done = window.post(url, {"method": "window", "recipient": "王小明"})
    assert done.status_code == 302 and done["Location"] == url
    assert _fresh(case).status == CaseStatus.CONCLUDED
    html = window.get(url).content.decode()
    assert 'data-testid="delivery-record"' in html and "王小明" in html
    assert 'data-testid="delivery-form"' not in html


def test_the_delivery_page_is_for_clerks_only():
    case = approved_case()
    url = reverse("cases:deliver", kwargs={"number": case.number})
    for someone in (case.applicant, UserFactory(citizen=True), approver()):
        client = Client()
        client.force_login(someone)
        assert client.get(url).status_code == 404
        assert client.post(url, {"method": "window", "recipient": "x"}).status_code == 404
    assert _fresh(case).status == CaseStatus.DECIDED
    window = Client()
    window.force_login(clerk())
    missing = reverse("cases:deliver", kwargs={"number": "DY20990101000001"})
    assert window.get(missing).status_code == 404
