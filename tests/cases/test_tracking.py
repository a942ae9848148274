"""Public tracking (办件查询): the case number and the applicant's phone, nothing personal.

A right pair shows the timeline; a wrong phone reads exactly like an unknown number; the
page shows no names, phones, ID numbers or notes; failed look-ups are throttled per
client address.
"""

import re

import pytest
from django.urls import reverse

from onewindow.cases import services
from onewindow.core.pii.masking import mask_phone
from tests.accounts.factories import UserFactory
from tests.cases.factories import clerk, ids, item, submitted_case

pytestmark = pytest.mark.django_db

URL = "/cases/track/"
NOT_FOUND = "未查询到该办件，请核对办件编号和手机号码"


@pytest.fixture
def case():
    applicant = UserFactory(citizen=True, display_name="赵丽华")
    the_case = submitted_case(item(name="食品经营许可"), applicant=applicant, missing=["营业执照"])
    services.issue_deficiency_notice(
        clerk(), the_case, ids(the_case, "营业执照"), note="请联系赵丽华补交营业执照"
    )
    return the_case


def phone_of(case) -> str:
    return case.applicant.phone.reveal()


def track(client, number, phone, **extra):
    return client.post(URL, {"number": number, "phone": phone}, **extra)


def result_part(html: str) -> str:
    """The page without its form: what the look-up answered."""
    html = re.sub(r'<input type="hidden" name="csrfmiddlewaretoken"[^>]*>', "", html)
    return re.sub(r'<meta name="csrf-token" content="[^"]*">', "", html)


def test_the_url_is_named_and_the_form_is_public(client):
    assert reverse("cases:track") == URL
    page = client.get(URL)
    assert page.status_code == 200
    assert "办件编号" in page.content.decode() and "申请人手机号码" in page.content.decode()


def test_the_right_number_and_phone_show_the_timeline(client, case):
    response = track(client, case.number, phone_of(case))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="track-result"' in html
    assert case.number in html and "食品经营许可" in html
    assert "待补正" in html  # the status
    assert "提交申请" in html and "一次性告知补正" in html  # the steps' labels
    assert NOT_FOUND not in html


def test_the_phone_may_be_written_with_country_code_and_spaces(client, case):
    phone = phone_of(case)
    written = f"+86 {phone[:3]} {phone[3:7]} {phone[7:]}"
    html = track(client, case.number.lower(), written).content.decode()
    assert 'data-testid="track-result"' in html


def test_a_wrong_phone_answers_exactly_like_an_unknown_number(client, case):
    phone = phone_of(case)
    other = "13800000000" if phone != "13800000000" else "13900000000"
    wrong_phone = track(client, case.number, other)
    unknown = track(client, "DY20990101999999", other)
    assert wrong_phone.status_code == unknown.status_code == 200
    for response in (wrong_phone, unknown):
        html = response.content.decode()
        assert NOT_FOUND in html and 'data-testid="track-result"' not in html
    # Same page, apart from the number typed back into the form.
    same = result_part(wrong_phone.content.decode()).replace(case.number, "N")
    assert same == result_part(unknown.content.decode()).replace("DY20990101999999", "N")


def test_a_draft_cannot_be_tracked(client):
    applicant = UserFactory(citizen=True)
    draft = services.start_application(applicant, item=item())
    html = track(client, draft.number, applicant.phone.reveal()).content.decode()
    assert NOT_FOUND in html


def test_the_public_page_shows_no_personal_data(client, case):
    html = track(client, case.number, phone_of(case)).content.decode()
    applicant = case.applicant
    assert "赵丽华" not in html  # neither the name nor the notice's note that holds it
    assert phone_of(case) not in html and mask_phone(phone_of(case)) not in html
    assert applicant.id_number.reveal() not in html
    assert str(applicant.id_number) not in html
    assert applicant.username not in html
    assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", html)


def test_failed_lookups_are_throttled_per_address(client, settings, case):
    settings.CASES_TRACK_MAX_FAILURES = 3
    for _ in range(3):
        assert NOT_FOUND in track(client, case.number, "13800000001").content.decode()
    # Now even the right pair is refused from this address, so the limit cannot be probed.
    blocked = track(client, case.number, phone_of(case))
    assert blocked.status_code == 429
    assert "查询失败次数过多，请一小时后再试" in blocked.content.decode()
    assert 'data-testid="track-result"' not in blocked.content.decode()
    # Another address is not affected.
    other = track(client, case.number, phone_of(case), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 200 and 'data-testid="track-result"' in other.content.decode()


def test_successful_lookups_do_not_count_against_the_limit(client, settings, case):
    settings.CASES_TRACK_MAX_FAILURES = 2
    for _ in range(5):
        response = track(client, case.number, phone_of(case))
        assert 'data-testid="track-result"' in response.content.decode()


def test_an_empty_or_malformed_query_is_answered_in_chinese_without_a_lookup(client, case):
    response = client.post(URL, {"number": "", "phone": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "请填写办件编号" in html and "请填写申请人手机号码" in html
    html = track(client, case.number, "not-a-phone").content.decode()
    assert NOT_FOUND in html


def test_the_catalogue_links_to_tracking(client):
    html = client.get(reverse("catalog:browse")).content.decode()
    assert f'action="{URL}"' in html
