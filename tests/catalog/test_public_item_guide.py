"""The item guide shows the published version in full; drafts never reach the public."""

import pytest

from onewindow.catalog import services
from onewindow.catalog.constants import ReformList
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.catalog.factories import ServiceItemFactory, material

pytestmark = pytest.mark.django_db

CODE = "37050200ZJJ-XK-0001"
URL = f"/services/items/{CODE}/"


@pytest.fixture
def permit():
    housing = DepartmentFactory(code="ST-ZJJ", name="区住房和城乡建设局")
    return ServiceItemFactory(
        code=CODE,
        name="建筑工程施工许可证核发",
        department=housing,
        published=True,
        legal_basis="《中华人民共和国建筑法》第七条",
        applicant_scope="在本区从事房屋建筑工程的建设单位",
        conditions="已办理用地批准手续",
        statutory_limit_days=7,
        promised_limit_days=3,
        fee="0",
        place="区政务服务中心一楼工程建设项目审批专区",
        hours="法定工作日 8:30—17:30",
        enquiry_phone="0546-8253386",
        complaint_phone="0546-12345",
        online_url="https://dyq.sd.gov.cn/zwfw/sgxk",
        visits_needed=1,
        materials=[
            material("营业执照", form="copy", copies=2, source="government"),
            material("施工合同", form="original", copies=1, source="applicant", required=True),
            material(
                "资金到位承诺书",
                material_type="告知承诺书",
                form="original",
                source="applicant",
                conditional_eligible=True,
            ),
            material("授权委托书", required=False),
        ],
        form_fields=[
            {"key": "project_name", "label": "项目名称", "field_type": "text"},
            {"key": "building_area", "label": "建筑面积", "field_type": "number"},
        ],
    )


def page(client, url=URL) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_guide_shows_every_field_of_the_published_version(client, permit):
    html = page(client)
    for expected in (
        "建筑工程施工许可证核发",
        CODE,
        "区住房和城乡建设局",
        "行政许可",
        "《中华人民共和国建筑法》第七条",
        "在本区从事房屋建筑工程的建设单位",
        "已办理用地批准手续",
        "7 个工作日",
        "3 个工作日",
        "不收费",
        "区政务服务中心一楼工程建设项目审批专区",
        "法定工作日 8:30—17:30",
        "0546-8253386",
        "0546-12345",
        'href="https://dyq.sd.gov.cn/zwfw/sgxk"',
        "项目名称",
        "建筑面积",
        "受理",  # the steps
        "审查",
    ):
        assert expected in html, expected


def test_the_materials_table_shows_form_copies_source_and_badges(client, permit):
    html = page(client)
    table = html[html.index('data-testid="materials"') :]
    table = table[: table.index("</table>")]
    rows = table.split("<tr>")[2:]  # after the header row
    assert len(rows) == 4
    assert "营业执照" in rows[0] and "复印件" in rows[0] and "<td>2</td>" in rows[0]
    assert "政府部门核发" in rows[0] and "必要" in rows[0]
    assert "施工合同" in rows[1] and "原件" in rows[1] and "申请人自备" in rows[1]
    assert "资金到位承诺书" in rows[2] and "可容缺" in rows[2]
    assert "授权委托书" in rows[3] and "非必要" in rows[3] and "可容缺" not in rows[3]


def test_list_memberships_are_shown(client, permit):
    services.add_to_list(None, ReformList.CONDITIONAL, item=permit)
    assert 'href="/services/lists/conditional/"' in page(client)


def test_a_new_draft_is_not_shown_until_it_is_published(client, permit):
    draft = services.start_revision(None, permit)
    services.update_draft(
        None,
        draft,
        guide={"conditions": "新版受理条件", "promised_limit_days": 2},
        materials=[material("营业执照"), material("施工图设计文件")],
    )
    html = page(client)
    assert "已办理用地批准手续" in html and "新版受理条件" not in html
    assert "施工图设计文件" not in html
    assert "第 1 版" in html

    services.publish(None, draft)
    html = page(client)
    assert "新版受理条件" in html and "已办理用地批准手续" not in html
    assert "施工图设计文件" in html and "施工合同" not in html
    assert "第 2 版" in html and "2 个工作日" in html


def test_drafts_and_withdrawn_items_give_404(client, permit):
    draft_only = ServiceItemFactory(published=False)
    assert client.get(f"/services/items/{draft_only.code}/").status_code == 404
    services.withdraw(None, permit, "事项已调整")
    assert client.get(URL).status_code == 404


def test_the_guide_has_a_print_button(client, permit):
    html = page(client)
    assert 'data-ow-print data-testid="print-guide"' in html
    assert "打印" in html


def test_signed_in_users_apply_online_on_the_application_page(client, permit):
    client.force_login(UserFactory(citizen=True))
    html = page(client)
    assert f'href="/cases/apply/{CODE}/" data-testid="apply-online"' in html
    assert "在线申请" in html


def test_anonymous_visitors_are_asked_to_sign_in_to_apply(client, permit):
    html = page(client)
    # next= is the apply form, so that the login lands on the form, not back on the guide.
    assert f"/accounts/login/?next=/cases/apply/{CODE}/" in html.replace("%2F", "/")
    assert "/cases/start/" not in html
