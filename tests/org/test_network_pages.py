"""The public network pages: counts, towns table, chart, site lists and details."""

import json
import re

import pytest

from onewindow.org.constants import SiteKind
from onewindow.org.models import ServiceSite

pytestmark = pytest.mark.django_db


def _stat(html: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}">\s*<div class="ow-stat-value">(\d+)</div>', html)
    assert match, testid
    return match.group(1)


def test_network_page_shows_the_counts(client, network):
    response = client.get("/org/network/")
    assert response.status_code == 200
    html = response.content.decode()
    assert _stat(html, "count-town_centre") == "8"
    assert _stat(html, "count-community_centre") == "59"
    assert _stat(html, "count-village_station") == "22"
    assert _stat(html, "count-online_branch") == "284"
    assert _stat(html, "count-terminals") == "49"
    assert _stat(html, "count-pilots") == "10"
    assert "大厅 16 · 镇街 8 · 社区 25" in html
    assert "工程建设项目审批部门 7 个" in html


def test_network_page_has_the_town_table_and_the_chart_option(client, network):
    html = client.get("/org/network/").content.decode()
    assert "史口镇便民服务中心" in html
    assert 'data-echarts="network-chart"' in html
    match = re.search(r'<script id="network-chart" type="application/json">(.*?)</script>', html)
    option = json.loads(match.group(1))
    assert len(option["xAxis"]["data"]) == 8
    kiosks = next(s for s in option["series"] if s["name"] == "自助服务终端")
    communities = next(s for s in option["series"] if s["name"] == "社区便民服务中心")
    # Each town's own kiosk plus those of its communities: 8 + 25.
    assert sum(kiosks["data"]) == 33
    assert sum(communities["data"]) == 59
    branches = next(s for s in option["series"] if s["name"] == "网上便民服务分厅")
    assert sum(branches["data"]) == 284
    # No inline script: the only <script> without src is the JSON option.
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)


def test_site_list_searches_by_name_and_pages(client, network):
    response = client.get("/org/network/community_centre/", {"q": "府前"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "府前社区便民服务中心" in html
    assert "新华社区便民服务中心" not in html
    # A NUL in the query is refused before the view (core.middleware.RejectNulMiddleware).
    assert client.get("/org/network/community_centre/?q=%00府前").status_code == 400
    first = client.get("/org/network/online_branch/").content.decode()
    second = client.get("/org/network/online_branch/", {"page": 2}).content.decode()
    assert "第 1 / 10 页，共 284 条" in first
    assert "第 2 / 10 页" in second


def test_unknown_kind_is_not_found(client, network):
    assert client.get("/org/network/castle/").status_code == 404


def test_site_detail_lists_windows_kiosks_and_children(client, network):
    hall = ServiceSite.objects.get(kind=SiteKind.SERVICE_HALL)
    html = client.get(f"/org/sites/{hall.pk}/").content.decode()
    assert "立项用地规划许可阶段综合窗口" in html
    assert "党员示范岗" in html
    assert "智能化自助服务终端（16 台）" in html
    town = ServiceSite.objects.get(code="DYQ-T06")
    html = client.get(f"/org/sites/{town.pk}/").content.decode()
    assert "史口社区便民服务中心" in html


def test_pilot_detail_shows_the_checklist(client, network):
    pilot = ServiceSite.objects.filter(is_standardisation_pilot=True).first()
    html = client.get(f"/org/sites/{pilot.pk}/").content.decode()
    assert "六有一能达标情况" in html
    assert "有场所" in html


def test_a_missing_or_inactive_site_is_not_found(client, network):
    town = ServiceSite.objects.get(code="DYQ-T01")
    ServiceSite.objects.filter(pk=town.pk).update(is_active=False)
    assert client.get(f"/org/sites/{town.pk}/").status_code == 404
    assert client.get("/org/sites/999999999/").status_code == 404
    assert client.get(f"/org/sites/{10**30}/").status_code == 404
