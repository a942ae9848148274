"""The bundle guide merges its items' materials and shows the savings it computes."""

import json
import re

import pytest

from onewindow.catalog import services
from tests.catalog.factories import BundleFactory, ServiceItemFactory, material

pytestmark = pytest.mark.django_db


def _items():
    # 3 items × 4 materials = 12; three types asked by all: 6 distinct, a 50% reduction.
    shared = [material("居民身份证"), material("营业执照"), material("申请表")]
    return [
        ServiceItemFactory(
            name=name, published=True, materials=[*shared, material(own)], with_steps=3
        )
        for name, own in (
            ("食品经营许可证核发", "场所平面图"),
            ("公共场所卫生许可证核发", "健康证明"),
            ("户外广告设施设置审批", "设施设备清单"),
        )
    ]


@pytest.fixture
def bundle():
    return BundleFactory(name="我要开餐馆", code="YLB-001", items=_items(), with_steps=2)


def page(client, code="YLB-001") -> str:
    response = client.get(f"/services/bundles/{code}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_savings_box_shows_the_computed_reduction(client, bundle):
    html = page(client)
    assert "材料由12份减少到6份（减少50%），环节由9个减少到2个" in html


def test_the_chart_compares_separately_and_merged(client, bundle):
    html = page(client)
    assert 'data-echarts="bundle-savings-chart"' in html
    raw = re.search(
        r'<script id="bundle-savings-chart" type="application/json">(.*?)</script>', html, re.S
    ).group(1)
    option = json.loads(raw)
    assert [s["data"] for s in option["series"]] == [[12, 9], [6, 2]]
    assert "echarts.min.js" in html


def test_each_material_is_asked_once_with_the_items_that_need_it(client, bundle):
    html = page(client)
    table = html[html.index('data-testid="materials"') :]
    table = table[: table.index("</table>")]
    assert table.count("居民身份证") == 1
    assert table.count("场所平面图") == 1
    assert "3 个事项共用" in table
    shared_row = next(row for row in table.split("<tr>") if "居民身份证" in row)
    for name in ("食品经营许可证核发", "公共场所卫生许可证核发", "户外广告设施设置审批"):
        assert name in shared_row


def test_the_page_lists_the_items_and_the_bundle_steps(client, bundle):
    html = page(client)
    for link in bundle.bundle_items.all():
        assert f'href="/services/items/{link.item.code}/"' in html
    assert "三、办理流程（2 个环节）" in html


def test_changing_an_item_changes_the_figure_on_the_page(client, bundle):
    first = bundle.bundle_items.first().item
    draft = services.start_revision(None, first)
    services.update_draft(
        None,
        draft,
        materials=[
            material("居民身份证"),
            material("营业执照"),
            material("申请表"),
            material("场所平面图"),
            material("公司章程"),
        ],
    )
    services.publish(None, draft)
    assert "材料由13份减少到7份（减少46.2%），环节由9个减少到2个" in page(client)


def test_unpublished_bundles_give_404(client):
    hidden = BundleFactory(items=_items(), publish=False)
    assert client.get(f"/services/bundles/{hidden.code}/").status_code == 404
