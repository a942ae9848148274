"""一业一证: one application for an industry, one set of materials, one comprehensive licence."""

import pytest
from django.test import Client
from django.urls import reverse

from onewindow.cases import moves, services
from onewindow.cases.constants import CaseStatus, CertificateKind, Decision
from onewindow.cases.models import Case
from onewindow.core.errors import NotFound
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.cases.certificate_factories import decide, submit_all
from tests.catalog.factories import IndustryFactory, ServiceItemFactory, material

pytestmark = pytest.mark.django_db


def _industry(**kwargs):
    market, health = DepartmentFactory(), DepartmentFactory()
    food = ServiceItemFactory(
        published=True,
        name="食品经营许可",
        department=market,
        statutory_limit_days=20,
        promised_limit_days=10,
        materials=[material("营业执照"), material("场所平面图"), material("健康证明")],
    )
    tobacco = ServiceItemFactory(
        published=True,
        name="烟草专卖零售许可",
        department=health,
        statutory_limit_days=15,
        promised_limit_days=8,
        materials=[material("营业执照"), material("经营场所证明")],
    )
    industry = IndustryFactory(
        name="便利店", replaced_items=[food, tobacco], lead_department=market, **kwargs
    )
    return industry, food, tobacco


def test_an_industry_case_asks_for_the_merged_materials_once_with_the_industry_limits():
    industry, food, tobacco = _industry(promised_limit_days=3)
    case = services.start_application(UserFactory(enterprise=True), industry=industry)
    assert case.industry == industry and case.item_version is None and case.bundle is None
    case = submit_all(case, {})
    names = [m.name for m in case.materials.order_by("order")]
    assert sorted(names) == sorted(["营业执照", "场所平面图", "健康证明", "经营场所证明"])
    # The statutory limit is the longest of the replaced items; the industry promises 3 days.
    assert moves.limits(case) == (20, 3)


def test_without_its_own_promise_an_industry_takes_the_longest_item_promise():
    industry, _food, _tobacco = _industry(promised_limit_days=0)
    case = services.start_application(UserFactory(enterprise=True), industry=industry.code)
    assert moves.limits(case) == (20, 10)


def test_an_industry_case_through_review_gives_one_comprehensive_licence():
    industry, food, tobacco = _industry(promised_limit_days=3)
    company = UserFactory(
        enterprise=True, display_name="东营市便民超市有限公司", uscc="91370502MA3C12345X"
    )
    case = services.start_application(company, industry=industry)
    case = submit_all(case, {})
    case = decide(case, departments=[food.department, tobacco.department])
    assert case.status == CaseStatus.DECIDED and case.decision == Decision.APPROVED
    assert case.statutory_clock.limit_days == 20 and case.promised_clock.limit_days == 3

    (licence,) = case.certificates.all()
    assert licence.kind == CertificateKind.COMPREHENSIVE
    assert licence.industry == industry
    assert licence.title == "便利店行业综合许可证"
    assert licence.holder_name == "东营市便民超市有限公司"
    values = [value for _label, value in licence.content]
    assert "（1）食品经营许可证" in values
    assert "（2）烟草专卖零售许可证" in values
    assert dict(licence.content)["行业"] == "便利店"
    # The lead department's approvers may revoke it; the verify page names the industry.
    page = Client().get(reverse("cases:verify", kwargs={"token": licence.verify_token}))
    assert "便利店行业综合许可证" in page.content.decode()


def test_an_industry_with_nothing_published_cannot_be_applied_for():
    draft = ServiceItemFactory(published=False)
    industry = IndustryFactory(replaced_items=[draft])
    with pytest.raises(NotFound, match="暂未开放"):
        services.start_application(UserFactory(citizen=True), industry=industry)
    with pytest.raises(NotFound):
        services.start_application(UserFactory(citizen=True), industry="NO-SUCH-INDUSTRY")


def test_the_industry_page_starts_a_draft_and_opens_the_case():
    industry, _food, _tobacco = _industry()
    applicant = UserFactory(enterprise=True)
    guide = reverse("catalog:industry", kwargs={"code": industry.code})
    start = reverse("cases:start_industry", kwargs={"code": industry.code})

    assert start not in Client().get(guide).content.decode()  # the public: log in first
    client = Client()
    client.force_login(applicant)
    page = client.get(guide).content.decode()
    assert start in page and "申请综合许可证" in page

    response = client.post(start)
    assert response.status_code == 302
    case = Case.objects.get(applicant=applicant)
    assert case.industry == industry and case.status == CaseStatus.DRAFT
    assert response["Location"] == reverse("cases:detail", kwargs={"number": case.number})

    assert client.get(start).status_code == 405
    missing = reverse("cases:start_industry", kwargs={"code": "NO-SUCH-INDUSTRY"})
    assert client.post(missing).status_code == 404
    anonymous = Client().post(start)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert Case.objects.count() == 1
