"""Load the demo service network (demo_data.py) idempotently.

Rows are found by their stable keys (code; a window by site and number), created in
bulk when missing and updated only where a value differs, so a second run writes
nothing. Levels are loaded top-down because children need their parents' ids.
"""

from itertools import zip_longest

from django.db import transaction

from onewindow.core.audit import record

from . import demo_data as data
from .constants import DepartmentKind, SiteKind, WindowKind
from .models import Department, ServiceSite, Terminal, Window

_STANDARD_KEYS = ("premises", "staff", "rules", "network", "equipment", "funds", "can_handle")


class _Tally:
    def __init__(self):
        self.created = 0
        self.updated = 0


def _sync(model, rows: list[dict], *, key: tuple[str, ...], existing, tally: _Tally) -> dict:
    """Create missing rows and update changed ones; returns {key tuple: instance}."""
    found = {tuple(getattr(obj, k) for k in key): obj for obj in existing}
    missing, changed = [], []
    fields = [f for f in rows[0] if f not in key] if rows else []
    for row in rows:
        ident = tuple(row[k] for k in key)
        obj = found.get(ident)
        if obj is None:
            missing.append(model(**row))
            continue
        dirty = False
        for field in fields:
            if getattr(obj, field) != row[field]:
                setattr(obj, field, row[field])
                dirty = True
        if dirty:
            changed.append(obj)
    if missing:
        model.objects.bulk_create(missing)
    if changed:
        model.objects.bulk_update(changed, fields)
    tally.created += len(missing)
    tally.updated += len(changed)
    # Re-read so that every instance has its id whatever the backend returned.
    if missing:
        found = {tuple(getattr(obj, k) for k in key): obj for obj in existing.all()}
    return found


def _department_rows() -> list[dict]:
    rows = []
    units = [(DepartmentKind.BUREAU_UNIT, d) for d in data.BUREAU_UNITS] + [
        (DepartmentKind.STATIONED, d) for d in data.STATIONED_DEPARTMENTS
    ]
    for order, (kind, (code, name, short_name, construction)) in enumerate(units, start=1):
        rows.append(
            {
                "code": code,
                "name": name,
                "short_name": short_name,
                "kind": kind.value,
                "approves_construction": construction,
                "sort_order": order * 10,
                "is_active": True,
            }
        )
    return rows


def _site(code, name, kind, *, parent=None, address="", hours="", online_url="", pilot=None):
    row = {
        "code": code,
        "name": name,
        "kind": kind.value,
        "parent_id": parent.pk if parent else None,
        "address": address,
        "hours": hours,
        "online_url": online_url,
        "is_standardisation_pilot": pilot is not None,
        "site_standard": pilot or {},
        "is_active": True,
    }
    return row


def _standard(short_of: str | None) -> dict:
    return {item: item != short_of for item in _STANDARD_KEYS}


def _branch(code: str, place: str, parent) -> dict:
    return _site(
        code,
        f"{place}网上便民服务分厅",
        SiteKind.ONLINE_BRANCH,
        parent=parent,
        online_url=data.ONLINE_BRANCH_URL.format(code=code.lower()),
    )


@transaction.atomic
def load_network() -> dict:
    """Create or update the demo departments and service network; returns the counts."""
    tally = _Tally()
    department_rows = _department_rows()
    departments = _sync(
        Department,
        department_rows,
        key=("code",),
        existing=Department.objects.filter(code__in=[r["code"] for r in department_rows]),
        tally=tally,
    )
    dept_id = {code: obj.pk for (code,), obj in departments.items()}

    # Level 1: the hall and the towns.
    town_hours = "法定工作日 上午8:30—12:00 下午13:30—17:30"
    top_rows = [_site(**data.HALL, kind=SiteKind.SERVICE_HALL)]
    for code, town, _stems in data.TOWNS:
        top_rows.append(
            _site(
                code,
                f"{town}便民服务中心",
                SiteKind.TOWN_CENTRE,
                address=f"山东省东营市东营区{town}",
                hours=town_hours,
            )
        )
    top = _sync_sites(top_rows, tally)
    hall = top[data.HALL["code"]]

    # Level 2: communities and village stations.
    villages = iter(
        data.village_names(
            sum(data.VILLAGE_STATIONS.values()) + sum(data.BRANCH_ONLY_VILLAGES.values())
        )
    )
    second_rows, community_codes, branch_places = [], [], []
    for code, town, stems in data.TOWNS:
        parent = top[code]
        for n, stem in enumerate(stems, start=1):
            site_code = f"{code}-C{n:02d}"
            pilot = None
            if stem in data.PILOT_COMMUNITIES:
                pilot = _standard(data.PILOTS_SHORT_OF.get(stem))
            second_rows.append(
                _site(
                    site_code,
                    f"{stem}社区便民服务中心",
                    SiteKind.COMMUNITY_CENTRE,
                    parent=parent,
                    address=f"山东省东营市东营区{town}{stem}社区",
                    hours=town_hours,
                    pilot=pilot,
                )
            )
            community_codes.append((site_code, stem in data.PILOT_COMMUNITIES))
            branch_places.append((f"{site_code}-W", f"{stem}社区", site_code))
        for n in range(1, data.VILLAGE_STATIONS.get(code, 0) + 1):
            village = next(villages)
            site_code = f"{code}-V{n:02d}"
            pilot = None
            if n == 1 and code in data.PILOT_STATION_TOWNS:
                pilot = _standard(data.PILOTS_SHORT_OF.get(code))
            second_rows.append(
                _site(
                    site_code,
                    f"{village}便民服务站",
                    SiteKind.VILLAGE_STATION,
                    parent=parent,
                    address=f"山东省东营市东营区{town}{village}",
                    pilot=pilot,
                )
            )
            branch_places.append((f"{site_code}-W", village, site_code))
    second = _sync_sites(second_rows, tally)

    # Level 3: online branches, for every community and station and the other villages.
    parents = {**top, **second}
    branch_rows = [_branch(code, place, parents[parent]) for code, place, parent in branch_places]
    for code, _town, _stems in data.TOWNS:
        for n in range(1, data.BRANCH_ONLY_VILLAGES.get(code, 0) + 1):
            branch_rows.append(_branch(f"{code}-W{n:03d}", next(villages), top[code]))
    _sync_sites(branch_rows, tally)

    window_rows = [
        {
            "site_id": hall.pk,
            "number": number,
            "name": name,
            "kind": WindowKind(kind).value,
            "department_id": dept_id[dept],
            "zone": zone,
            "is_party_member_post": party,
            "is_active": True,
        }
        for number, name, kind, dept, zone, party in data.HALL_WINDOWS
    ]
    _sync(
        Window,
        window_rows,
        key=("site_id", "number"),
        existing=Window.objects.filter(site=hall),
        tally=tally,
    )

    terminal_rows = _terminal_rows(hall, top, second, community_codes)
    _sync(
        Terminal,
        terminal_rows,
        key=("code",),
        existing=Terminal.objects.filter(code__in=[r["code"] for r in terminal_rows]),
        tally=tally,
    )

    all_sites = top_rows + second_rows + branch_rows
    counts = {
        "departments": len(departments),
        "construction_departments": sum(1 for d in department_rows if d["approves_construction"]),
        **{kind.value: sum(1 for r in all_sites if r["kind"] == kind) for kind in SiteKind},
        "pilots": sum(1 for r in all_sites if r["is_standardisation_pilot"]),
        "windows": len(window_rows),
        "terminals": len(terminal_rows),
        "created": tally.created,
        "updated": tally.updated,
    }
    if tally.created or tally.updated:
        record(
            "org.load_network",
            object_type="org.ServiceSite",
            object_id="demo",
            after=counts,
            summary=f"载入演示服务网络：新增{tally.created}条，更新{tally.updated}条",
        )
    return counts


def _sync_sites(rows: list[dict], tally: _Tally) -> dict:
    found = _sync(
        ServiceSite,
        rows,
        key=("code",),
        existing=ServiceSite.objects.filter(code__in=[r["code"] for r in rows]),
        tally=tally,
    )
    return {code: obj for (code,), obj in found.items()}


def _terminal_rows(hall, top, second, community_codes) -> list[dict]:
    installed = data.KIOSK_INSTALLED_ON
    rows = []
    n = 0
    for location, count in data.HALL_KIOSKS:
        for _ in range(count):
            n += 1
            rows.append(_terminal(f"ZZ-HALL-{n:02d}", hall, location, installed["service_hall"]))
    for code, town, _stems in data.TOWNS:
        rows.append(
            _terminal(
                f"ZZ-{code[4:]}", top[code], f"{town}便民服务中心大厅", installed["town_centre"]
            )
        )
    # Standardisation pilots first, then the other communities taking turns by town,
    # so that the 25 kiosks spread over the district.
    chosen = [code for code, pilot in community_codes if pilot]
    by_town: dict[str, list[str]] = {}
    for code, pilot in community_codes:
        if not pilot:
            by_town.setdefault(code.rsplit("-", 1)[0], []).append(code)
    for turn in zip_longest(*by_town.values()):
        chosen += [code for code in turn if code]
    for code in sorted(chosen[: data.KIOSK_COMMUNITY_COUNT]):
        rows.append(
            _terminal(
                f"ZZ-{code[4:]}", second[code], "社区便民服务中心", installed["community_centre"]
            )
        )
    return rows


def _terminal(code, site, location, installed_on) -> dict:
    return {
        "code": code,
        "site_id": site.pk,
        "location": location,
        "installed_on": installed_on,
        "is_active": True,
    }
