"""Certificates name the right holder: a 法人 item is applied for by (or for) an enterprise,
which holds the certificate; a 自然人 item names the person; the wrong account is refused."""

import random

import pytest

from onewindow.accounts.demo import demo_uscc
from onewindow.cases import services
from onewindow.cases.window import applicants as window
from onewindow.catalog.constants import ApplicantType
from onewindow.core.errors import InvalidInput
from tests.accounts.factories import UserFactory
from tests.cases.certificate_factories import approved_case
from tests.cases.factories import clerk, item

pytestmark = pytest.mark.django_db


def typed_item(applicant_type):
    the_item = item()
    version = the_item.published_version
    version.applicant_type = applicant_type
    version.save(update_fields=["applicant_type"])
    return the_item


def test_a_legal_person_item_from_a_personal_account_is_refused_with_a_message():
    the_item = typed_item(ApplicantType.ORGANISATION)
    with pytest.raises(InvalidInput) as refused:
        services.start_application(UserFactory(citizen=True), item=the_item)
    assert "企业账号" in refused.value.message


def test_a_natural_person_item_from_an_enterprise_account_is_refused():
    the_item = typed_item(ApplicantType.PERSON)
    firm = UserFactory(enterprise=True, uscc=demo_uscc(random.Random(11)))
    with pytest.raises(InvalidInput):
        services.start_application(firm, item=the_item)


def test_the_window_applies_for_an_enterprise_which_is_the_applicant():
    the_item = typed_item(ApplicantType.ORGANISATION)
    firm = UserFactory(enterprise=True, uscc=demo_uscc(random.Random(12)))
    case = window.start_for_applicant(clerk(), firm, item=the_item)
    assert case.applicant == firm


def test_the_enterprise_holds_the_certificate():
    firm = UserFactory(
        enterprise=True, display_name="东营市持证测试有限公司", uscc=demo_uscc(random.Random(13))
    )
    case = approved_case(applicant=firm)
    (certificate,) = case.certificates.all()
    assert certificate.holder_name == "东营市持证测试有限公司"
    assert any(row[1] == firm.uscc for row in certificate.content)
    # The signing authority: the approving department and its signer (decision 0021).
    signed = [row[1] for row in certificate.content if row[0] == "签发"]
    assert signed and case.item_version.item.department.name in signed[0]
