"""In a browser: find 建筑工程施工许可证核发 by "sgxk", open its guide and print it with its QR."""

import pytest

from onewindow.catalog import services
from onewindow.org.models import Department

pytestmark = pytest.mark.django_db(transaction=True)

CODE = "37050200ZJJ-XK-0001"
NAME = "建筑工程施工许可证核发"
STUB_PRINT = "window.__printed = 0; window.print = () => { window.__printed++; };"


def _material(name, **extra):
    return {"name": name, "material_type": name, **extra}


@pytest.fixture
def permit():
    housing, _ = Department.objects.get_or_create(
        code="ST-ZJJ", defaults={"name": "区住房和城乡建设局", "kind": "stationed"}
    )
    services.create_item(
        None,
        code=CODE,
        department=housing,
        guide={
            "name": NAME,
            "kind": "licence",
            "statutory_limit_days": 7,
            "promised_limit_days": 3,
            "legal_basis": "《中华人民共和国建筑法》第七条、第八条",
            "conditions": "已办理用地批准手续；已取得建设工程规划许可证；已确定施工企业",
            "place": "区政务服务中心一楼工程建设项目审批专区",
            "enquiry_phone": "0546-8253386",
        },
        materials=[
            _material("营业执照", form="copy", source="government"),
            _material("建设工程规划许可证", form="copy", source="government"),
            _material("施工合同", form="copy"),
            _material("资金到位承诺书", material_type="告知承诺书", conditional_eligible=True),
        ],
        form_fields=[{"key": "project_name", "label": "项目名称", "field_type": "text"}],
        steps=[{"name": "受理"}, {"name": "审查"}, {"name": "决定"}],
        publish=True,
    )
    # Something else that "sgxk" must not find, and that 施工 would.
    services.create_item(
        None,
        code="37050200ZJJ-QT-0009",
        department=housing,
        guide={
            "name": "施工图设计文件审查备案",
            "kind": "other_power",
            "statutory_limit_days": 10,
            "promised_limit_days": 5,
        },
        materials=[_material("施工图设计文件")],
        form_fields=[],
        steps=[{"name": "受理"}],
        publish=True,
    )


def test_find_by_initials_open_the_guide_and_print_it(
    live_server, page, permit, screenshot, console_errors, external_requests
):
    page.add_init_script(STUB_PRINT)
    page.goto(live_server.url + "/services/")

    page.get_by_test_id("catalog-search-input").press_sequentially("sgxk", delay=60)
    hit = page.locator("#catalog-live-results [data-testid=search-hit]")
    hit.first.wait_for()
    assert hit.count() == 1
    assert hit.first.get_attribute("data-code") == CODE
    assert hit.first.locator("mark").inner_text() == "施工许可"
    assert hit.first.locator(".ow-hit-name").inner_text() == NAME
    screenshot("catalog-search-sgxk")

    hit.first.click()
    page.wait_for_url(f"**/services/items/{CODE}/")
    assert page.locator("h1").inner_text() == NAME
    materials = page.get_by_test_id("materials")
    assert materials.locator("tbody tr").count() == 4
    assert "可容缺" in materials.inner_text()
    screenshot("catalog-guide")

    page.get_by_test_id("print-guide").click()
    assert page.evaluate("window.__printed") == 1

    page.emulate_media(media="print")
    qr = page.locator("img.ow-guide-qr")
    assert qr.is_visible()
    assert qr.get_attribute("data-qr-payload") == f"{live_server.url}/services/items/{CODE}/"
    assert qr.get_attribute("src").startswith("data:image/png;base64,")
    # The QR image really decoded in the browser (a broken data: URI has no size).
    assert page.evaluate("document.querySelector('img.ow-guide-qr').naturalWidth") > 100
    assert not page.get_by_test_id("print-guide").is_visible()
    assert not page.locator("nav.ow-navbar").is_visible()
    screenshot("catalog-guide-print")

    assert console_errors == []
    assert external_requests == []
