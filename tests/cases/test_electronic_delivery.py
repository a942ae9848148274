"""电子送达: chosen with consent when applying (form, API and service alike); on approval
the decision and certificates go to the holder's 站内信; the holder's receipt (who, when,
from where) concludes the case and stops the delivery clock; nobody else can open it."""

import random

import pytest
from django.test import Client
from django.urls import reverse

from onewindow.accounts.demo import demo_uscc
from onewindow.cases import selectors, services
from onewindow.cases.certificates import deliver, edelivery
from onewindow.cases.constants import CaseStatus, DeliveryMethod
from onewindow.cases.models import Case, Delivery
from onewindow.catalog.constants import ApplicantType
from onewindow.core.errors import Conflict, InvalidInput, NotFound
from onewindow.core.inbox import services as inbox
from tests.accounts.factories import UserFactory
from tests.cases.certificate_factories import FORM_DATA, decide, licence_item, material_ids
from tests.cases.factories import clerk

pytestmark = pytest.mark.django_db

ELECTRONIC = {"method": DeliveryMethod.ELECTRONIC, "consent": True}


def _enterprise(seed=21):
    return UserFactory(
        enterprise=True,
        display_name="东营市电子送达测试有限公司",
        uscc=demo_uscc(random.Random(seed)),
    )


def _organisation_item():
    the_item = licence_item()
    version = the_item.published_version
    version.applicant_type = ApplicantType.ORGANISATION
    version.save(update_fields=["applicant_type"])
    return the_item


def _applied(applicant, delivery=ELECTRONIC, the_item=None):
    the_item = the_item or _organisation_item()
    case = services.start_application(applicant, item=the_item)
    return services.submit(
        applicant, case, supplied=material_ids(case), form_data=FORM_DATA, delivery=delivery
    )


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_electronic_delivery_without_consent_is_refused_and_nothing_is_submitted():
    firm = _enterprise()
    case = services.start_application(firm, item=_organisation_item())
    with pytest.raises(InvalidInput) as refused:
        services.submit(
            firm,
            case,
            supplied=material_ids(case),
            form_data=FORM_DATA,
            delivery={"method": DeliveryMethod.ELECTRONIC, "consent": False},
        )
    assert refused.value.field == "e_delivery_consent" and "同意" in refused.value.message
    assert Case.objects.get(pk=case.pk).status == CaseStatus.DRAFT


def test_post_needs_an_address_and_an_unknown_method_is_refused():
    firm = _enterprise()
    case = services.start_application(firm, item=_organisation_item())
    for delivery, field in (
        ({"method": DeliveryMethod.POST, "address": "  "}, "delivery_address"),
        ({"method": "pigeon"}, "delivery_method"),
    ):
        with pytest.raises(InvalidInput) as refused:
            services.submit(firm, case, supplied=material_ids(case), delivery=delivery)
        assert refused.value.field == field


def test_the_choice_is_kept_on_the_case():
    case = _applied(_enterprise())
    assert case.delivery_method == DeliveryMethod.ELECTRONIC
    assert case.e_delivery_consent_at is not None
    posted = _applied(
        _enterprise(22), {"method": DeliveryMethod.POST, "address": "东营区府前大街55号"}
    )
    assert posted.delivery_method == DeliveryMethod.POST
    assert posted.delivery_address == "东营区府前大街55号"


def test_approval_sends_the_documents_to_the_holders_inbox_and_the_receipt_stops_the_clock():
    firm = _enterprise()
    case = decide(_applied(firm))
    assert case.status == CaseStatus.DECIDED and case.delivery_clock.stopped_on is None
    delivery = Delivery.objects.get(case=case)
    assert delivery.method == DeliveryMethod.ELECTRONIC and delivery.sent_at is not None
    assert delivery.delivered_at is None and delivery.recipient == firm.display_name
    [message] = inbox.messages_of(firm).filter(event=edelivery.EVENT)
    assert case.number in message.body
    assert (message.object_type, message.object_id) == ("cases.delivery", str(delivery.pk))
    assert inbox.messages_of(firm).filter(event="case.certificate_issued").exists()

    done = edelivery.confirm_receipt(firm, case.number)
    assert done.delivered_at is not None and done.recorded_by == firm
    case = Case.objects.select_related("delivery_clock").get(pk=case.pk)
    assert case.status == CaseStatus.CONCLUDED and case.concluded_at is not None
    assert case.delivery_clock.stopped_on is not None
    last = selectors.timeline(case)[-1]
    assert last.action == "e_delivery_receipt" and firm.display_name in last.note
    with pytest.raises(Conflict):
        edelivery.confirm_receipt(firm, case.number)


def test_window_and_post_cases_get_no_electronic_delivery_and_the_window_cannot_register_one():
    case = decide(_applied(_enterprise(), {"method": DeliveryMethod.WINDOW}))
    assert not Delivery.objects.filter(case=case).exists()
    e_case = decide(_applied(_enterprise(23)))
    with pytest.raises(Conflict):
        deliver(clerk(), e_case, method=DeliveryMethod.WINDOW, recipient="张三")


def test_only_the_holder_opens_and_signs():
    firm = _enterprise()
    case = decide(_applied(firm))
    citizen, other_firm = UserFactory(citizen=True), _enterprise(24)
    for stranger in (citizen, other_firm, clerk()):
        with pytest.raises(NotFound):
            edelivery.confirm_receipt(stranger, case.number)
        url = reverse("cases:e_delivery", args=[case.number])
        assert _client(stranger).get(url).status_code == 404
        assert _client(stranger).post(url).status_code == 404
    assert Delivery.objects.get(case=case).delivered_at is None


def test_the_holder_reads_from_the_inbox_signs_on_the_page_and_staff_see_the_receipt():
    firm = _enterprise()
    case = decide(_applied(firm))
    client = _client(firm)
    [message] = inbox.messages_of(firm).filter(event=edelivery.EVENT)
    opened = client.get(reverse("inbox:message", args=[message.pk])).content.decode()
    url = reverse("cases:e_delivery", args=[case.number])
    assert url in opened
    page = client.get(url).content.decode()
    assert "e-delivery-confirm" in page and case.certificates.first().number in page
    assert client.post(url, REMOTE_ADDR="10.8.8.8").status_code == 302
    delivery = Delivery.objects.get(case=case)
    assert delivery.delivered_at is not None and delivery.receipt_ip == "10.8.8.8"
    assert "e-delivery-signed" in client.get(url).content.decode()
    # The window sees the receipt on the case's timeline and prints the 送达回证.
    window = _client(clerk())
    staff_page = window.get(reverse("cases:search_case", args=[case.number])).content.decode()
    assert "电子送达签收" in staff_page and "10.8.8.8" in staff_page
    proof = window.get(reverse("cases:e_delivery_proof", args=[case.number]))
    assert proof.status_code == 200 and "送达回证" in proof.content.decode()
    assert (
        _client(UserFactory(citizen=True))
        .get(reverse("cases:e_delivery_proof", args=[case.number]))
        .status_code
        == 404
    )


def test_the_api_applies_with_electronic_delivery_and_refuses_it_without_consent():
    firm = _enterprise()
    the_item = _organisation_item()
    client = _client(firm)
    body = {
        "item": the_item.code,
        "form_data": FORM_DATA,
        "supplied": [m.material_type_id for m in the_item.published_version.materials.all()],
        "delivery_method": "electronic",
    }
    refused = client.post("/api/cases/apply", body, content_type="application/json")
    assert refused.status_code == 400 and "e_delivery_consent" in refused.json()["errors"]
    body["e_delivery_consent"] = True
    made = client.post("/api/cases/apply", body, content_type="application/json")
    assert made.status_code == 201 and made.json()["delivery_method"] == "electronic"


def test_the_last_step_of_the_apply_form_offers_the_choice():
    firm = _enterprise()
    the_item = _organisation_item()
    client = _client(firm)
    url = reverse("cases:apply", args=[the_item.code])
    first = client.get(url).content.decode()
    assert 'data-testid="delivery-choice"' not in first  # 1 申请人信息
    page = client.get(f"{url}?step=4").content.decode()  # 4 确认提交
    assert 'data-testid="delivery-choice"' in page and "电子送达" in page


def test_the_decision_notice_says_the_documents_are_in_the_inbox(committed):
    firm = _enterprise()
    case = committed(decide, _applied(firm))
    [decided] = inbox.messages_of(firm).filter(event="case.decided")
    assert "电子送达至您的站内信" in decided.body and "窗口领取" not in decided.body
    assert case.number in decided.body
