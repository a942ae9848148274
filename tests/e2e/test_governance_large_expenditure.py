"""A 3,000-yuan and a 12,000-yuan expenditure, in Chromium.

The clerk files both; the division head and the deputy sign both; the principal leader
approves the small one at once, but the large one is refused until a party-group meeting
with its 第一议题 and quorum decides it, its item having been filed with the discipline
group before the meeting. The minutes then come out as a .docx.
"""

import io
import re
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone

from onewindow.accounts.constants import Role
from onewindow.governance.models import Expenditure
from tests.accounts.factories import PASSWORD
from tests.governance.conftest import person

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(browser, base, user):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r".*/$"))
    return context, page


def _approve(page, base, expenditure):
    page.goto(f"{base}/governance/expenditures/{expenditure.pk}/")
    page.get_by_role("button", name="同意", exact=True).click()


def test_a_large_expenditure_waits_for_a_filed_party_group_decision(live_server, browser):
    from tests.accounts.factories import DepartmentFactory

    base = live_server.url
    division = DepartmentFactory()
    clerk = person(Role.CLERK, department=division, name="张经办")
    head = person(Role.DIVISION_HEAD, department=division, name="李股长")
    deputy = person(Role.PARTY_MEMBER, name="王副局长")
    principal = person(Role.LEADER, Role.PARTY_MEMBER, Role.PRINCIPAL, name="陈局长")
    office = person(Role.OFFICE, department=division, name="高办公室")
    for n in range(3):
        person(Role.PARTY_MEMBER, name=f"党组成员{n}")

    contexts = []
    try:
        context, page = _sign_in(browser, base, clerk)
        contexts.append(context)
        for purpose, amount in (("购买办公用品", "3000"), ("购置自助服务终端", "12000")):
            page.goto(f"{base}/governance/expenditures/")
            form = page.locator("#file-expenditure")
            form.get_by_label("支出事由").fill(purpose)
            form.get_by_label("金额（元）").fill(amount)
            form.get_by_role("button", name="提交").click()
            page.wait_for_url(re.compile(r".*/governance/expenditures/\d+/$"))
        small = Expenditure.objects.get(amount=3000)
        large = Expenditure.objects.get(amount=12000)

        for signer in (head, deputy):
            context, page = _sign_in(browser, base, signer)
            contexts.append(context)
            for e in (small, large):
                _approve(page, base, e)

        context, boss = _sign_in(browser, base, principal)
        contexts.append(context)
        _approve(boss, base, small)
        assert boss.locator("#status").inner_text() == "已批准"
        _approve(boss, base, large)
        assert "须经党组会议集体研究决定" in boss.locator(".ow-messages").inner_text()
        assert boss.locator("#status").inner_text() == "待主要领导审批"

        context, page = _sign_in(browser, base, office)
        contexts.append(context)
        page.goto(f"{base}/governance/meetings/new/")
        page.get_by_label("会议类型").select_option("party_group")
        page.get_by_label("会议名称").fill("2026年第12次党组会议")
        page.get_by_label("召开日期").fill(timezone.localdate().isoformat())
        page.get_by_role("button", name="保存").click()
        page.wait_for_url(re.compile(r".*/governance/meetings/\d+/$"))
        meeting_url = page.url

        add = page.locator("#add-item")
        add.get_by_label("议题", exact=True).fill("学习习近平总书记重要讲话精神")
        add.get_by_label("议题类型").select_option("study")
        add.get_by_role("button", name="添加议题").click()
        add = page.locator("#add-item")
        add.get_by_label("议题", exact=True).fill("研究购置自助服务终端")
        add.get_by_label("议题类型").select_option("large_sum")
        add.get_by_label("关联支出（大额资金）").select_option(str(large.pk))
        add.get_by_role("button", name="添加议题").click()

        item = page.locator("#item-2")
        item.get_by_label("决定").fill("同意购置")
        item.get_by_label("赞成").fill("5")
        item.get_by_role("button", name="记录决定").click()
        assert "未报备不能作出决定" in page.locator(".ow-messages").inner_text()

        item = page.locator("#item-2")
        filed_on = timezone.localdate() - timedelta(days=5)
        item.get_by_label("报备日期").fill(filed_on.isoformat())
        item.get_by_role("button", name="向派驻纪检监察组报备").click()
        item = page.locator("#item-2")
        item.get_by_label("决定").fill("同意购置")
        item.get_by_label("赞成").fill("5")
        item.get_by_role("button", name="记录决定").click()
        assert "通过" in page.locator("#item-2").inner_text()
        page.get_by_label("会议纪要").fill("会议研究了购置事项。")
        page.get_by_role("button", name="定稿会议纪要").click()
        assert "已定稿" in page.locator("p.text-body-secondary").first.inner_text()

        with page.expect_download() as caught:
            page.locator("#minutes-docx").click()
        download = caught.value
        assert download.suggested_filename.endswith(".docx")
        with open(download.path(), "rb") as handle:
            data = handle.read()
        with zipfile.ZipFile(io.BytesIO(data)) as docx:
            assert "同意购置" in docx.read("word/document.xml").decode()
        assert page.url == meeting_url

        _approve(boss, base, large)
        assert boss.locator("#status").inner_text() == "已批准"
    finally:
        for context in contexts:
            context.close()
