"""The demo loader builds the seed's service network, and a second run changes nothing."""

import hashlib
import json

import pytest

from onewindow.core.audit.models import AuditEvent
from onewindow.org import selectors
from onewindow.org.constants import SITE_STANDARD_ITEMS, SiteKind
from onewindow.org.demo import load_network
from onewindow.org.models import Department, ServiceSite, Terminal, Window

pytestmark = pytest.mark.django_db


def _digest() -> str:
    """A digest of every org row (ids included), to see that nothing was rewritten."""
    rows = []
    for model in (Department, ServiceSite, Window, Terminal):
        for row in model.objects.order_by("pk").values():
            rows.append([model.__name__, sorted((k, str(v)) for k, v in row.items())])
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()


def test_the_network_has_the_seed_numbers(network):
    summary = selectors.network_summary()
    assert summary["sites"] == {
        SiteKind.SERVICE_HALL: 1,
        SiteKind.TOWN_CENTRE: 8,
        SiteKind.COMMUNITY_CENTRE: 59,
        SiteKind.VILLAGE_STATION: 22,
        SiteKind.ONLINE_BRANCH: 284,
    }
    assert summary["terminals"] == 49
    assert summary["terminals_by_kind"][SiteKind.SERVICE_HALL] == 16
    assert summary["terminals_by_kind"][SiteKind.TOWN_CENTRE] == 8
    assert summary["terminals_by_kind"][SiteKind.COMMUNITY_CENTRE] == 25
    assert summary["pilots"] == 10
    assert summary["departments"]["construction"] == 7


def test_the_loader_reports_the_same_counts(network):
    assert network["town_centre"] == 8
    assert network["community_centre"] == 59
    assert network["village_station"] == 22
    assert network["online_branch"] == 284
    assert network["terminals"] == 49
    assert network["pilots"] == 10
    assert network["construction_departments"] == 7
    assert network["created"] > 0


def test_every_town_has_a_kiosk_and_the_construction_zone_has_six_general_windows(network):
    towns = ServiceSite.objects.filter(kind=SiteKind.TOWN_CENTRE)
    assert {t.name for t in towns} == {
        f"{n}便民服务中心"
        for n in (
            "文汇街道",
            "黄河路街道",
            "东城街道",
            "辛店街道",
            "胜利街道",
            "史口镇",
            "龙居镇",
            "牛庄镇",
        )
    }
    assert all(t.terminals.count() == 1 for t in towns)
    construction = Window.objects.filter(zone="工程建设项目服务专区")
    assert construction.count() == 6
    assert set(construction.values_list("kind", flat=True)) == {"general"}
    assert set(construction.values_list("department__code", flat=True)) == {"BU-GEN"}
    assert Window.objects.filter(zone="企业开办一窗通专区").exists()
    assert Window.objects.filter(kind="specialised", department__code="ST-TAX").exists()
    assert Window.objects.filter(is_party_member_post=True).exists()


def test_sites_hang_under_the_right_parents(network):
    for kind in (SiteKind.COMMUNITY_CENTRE, SiteKind.VILLAGE_STATION):
        parents = ServiceSite.objects.filter(kind=kind).values_list("parent__kind", flat=True)
        assert set(parents) == {SiteKind.TOWN_CENTRE}
    branch_parents = set(
        ServiceSite.objects.filter(kind=SiteKind.ONLINE_BRANCH).values_list(
            "parent__kind", flat=True
        )
    )
    assert branch_parents == {
        SiteKind.TOWN_CENTRE,
        SiteKind.COMMUNITY_CENTRE,
        SiteKind.VILLAGE_STATION,
    }
    # Every community and station has its own online branch.
    served = ServiceSite.objects.filter(
        kind__in=[SiteKind.COMMUNITY_CENTRE, SiteKind.VILLAGE_STATION]
    ).exclude(children__kind=SiteKind.ONLINE_BRANCH)
    assert not served.exists()


def test_names_are_distinct_and_branches_are_named_and_linked(network):
    for kind in SiteKind:
        names = list(ServiceSite.objects.filter(kind=kind).values_list("name", flat=True))
        assert len(names) == len(set(names)), kind
    for branch in ServiceSite.objects.filter(kind=SiteKind.ONLINE_BRANCH):
        assert branch.name.endswith("网上便民服务分厅")
        assert branch.name[: -len("网上便民服务分厅")].endswith(("村", "社区"))
        assert branch.online_url == f"https://dyq.sd.gov.cn/branch/{branch.code.lower()}"


def test_pilots_are_grass_roots_sites_with_the_full_checklist(network):
    pilots = ServiceSite.objects.filter(is_standardisation_pilot=True)
    assert set(pilots.values_list("kind", flat=True)) <= {
        SiteKind.COMMUNITY_CENTRE,
        SiteKind.VILLAGE_STATION,
    }
    keys = {key for key, _label in SITE_STANDARD_ITEMS}
    for pilot in pilots:
        assert set(pilot.site_standard) == keys
    assert not ServiceSite.objects.filter(is_standardisation_pilot=False).exclude(site_standard={})


def test_loading_twice_changes_nothing():
    first = load_network()
    digest = _digest()
    counts = selectors.network_summary()
    audited = AuditEvent.objects.count()
    second = load_network()
    assert second["created"] == 0
    assert second["updated"] == 0
    assert {k: v for k, v in second.items() if k not in ("created", "updated")} == {
        k: v for k, v in first.items() if k not in ("created", "updated")
    }
    assert selectors.network_summary() == counts
    assert _digest() == digest
    # The first load is audited once; the idle second run leaves no trace.
    assert audited == AuditEvent.objects.filter(action="org.load_network").count() == 1
    assert AuditEvent.objects.count() == audited


def test_loading_again_repairs_an_edited_row_and_keeps_others():
    load_network()
    town = ServiceSite.objects.get(code="DYQ-T01")
    ServiceSite.objects.filter(pk=town.pk).update(name="改错的名字")
    again = load_network()
    assert again["created"] == 0
    assert again["updated"] == 1
    town.refresh_from_db()
    assert town.name == "文汇街道便民服务中心"


def test_exactly_seven_departments_approve_construction(network):
    names = set(
        Department.objects.filter(approves_construction=True).values_list("name", flat=True)
    )
    assert names == {
        "区发展和改革局",
        "区自然资源局",
        "区住房和城乡建设局",
        "区生态环境分局",
        "区交通运输局",
        "区水务局",
        "区人防办",
    }
