"""Fixed assets: entry, inventory counts by scanning labels, reconciliation with the finance
centre's Excel ledger (对账).

The finance file has a header row with 资产编号, 资产名称, 原值, 保管人 (in any order; other
columns are ignored). Every error is reported by row and column, and nothing is saved
unless the whole file reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core.audit import record
from onewindow.core.errors import Conflict, InvalidInput

from .. import permissions
from ..common import day, money, require, text
from ..constants import ASSET_CATEGORIES, AssetStatus
from ..models import Asset, InventoryCount, InventoryScan, Reconciliation
from . import xlsx

COLUMNS = {"number": "资产编号", "name": "资产名称", "price": "原值", "custodian": "保管人"}
MAX_ROWS = 200_000
CENT = Decimal("0.01")


@transaction.atomic
def enter_asset(
    actor,
    *,
    number,
    name,
    category_code,
    purchased_on,
    price,
    custodian=None,
    location="",
    expenditure=None,
    contract=None,
    request=None,
) -> Asset:
    require(permissions.manages_assets(actor), _("只有办公室可以登记固定资产"))
    number = text(number, "number", _("资产编号"), 30)
    name = text(name, "name", _("资产名称"), 100)
    if category_code not in dict(ASSET_CATEGORIES):
        raise InvalidInput(_("资产分类不在GB/T 14885分类表中"), field="category_code")
    purchased_on = day(purchased_on, "purchased_on", _("购置日期"), not_future=True)
    price = money(price, "price", label=_("原值"))
    location = text(location, "location", _("存放地点"), 100, required=False)
    if Asset.objects.filter(number=number).exists():
        raise InvalidInput(_("资产编号已存在"), field="number")
    asset = Asset.objects.create(
        number=number,
        name=name,
        category_code=category_code,
        purchased_on=purchased_on,
        price=price,
        custodian=custodian,
        location=location,
        expenditure=expenditure,
        contract=contract,
        entered_on=timezone.localdate(),
    )
    record(
        "governance.asset_enter",
        actor=actor,
        obj=asset,
        after={"number": number, "price": price, "purchased_on": purchased_on},
        request=request,
    )
    return asset


@transaction.atomic
def set_status(actor, asset, status, *, custodian=None, request=None) -> Asset:
    require(permissions.manages_assets(actor), _("只有办公室可以变更资产状态"))
    if status not in AssetStatus.values:
        raise InvalidInput(_("资产状态不正确"), field="status")
    before = {"status": asset.status, "custodian": asset.custodian_id}
    Asset.objects.filter(pk=asset.pk).update(status=status, custodian=custodian)
    asset.refresh_from_db()
    record(
        "governance.asset_status",
        actor=actor,
        obj=asset,
        before=before,
        after={"status": status, "custodian": asset.custodian_id},
        request=request,
    )
    return asset


# -- inventory count (盘点) -------------------------------------------------------------------


@transaction.atomic
def start_count(actor, *, title, request=None) -> InventoryCount:
    require(permissions.manages_assets(actor), _("只有办公室可以组织盘点"))
    title = text(title, "title", _("盘点名称"), 100)
    count = InventoryCount.objects.create(title=title, started_by=actor)
    record(
        "governance.count_start", actor=actor, obj=count, after={"title": title}, request=request
    )
    return count


def scan(actor, count, asset_number, *, request=None) -> tuple[bool, str]:
    """One label scanned: (counted, message). The same label twice is counted once."""
    require(permissions.manages_assets(actor), _("只有办公室可以盘点"))
    number = text(asset_number, "asset_number", _("资产编号"), 30)
    if count.finished_at is not None:
        raise Conflict(_("本次盘点已结束"))
    try:
        with transaction.atomic():
            InventoryScan.objects.create(count=count, asset_number=number, scanned_by=actor)
    except IntegrityError:
        return False, _("资产 %(n)s 已扫描，本次盘点只计一次") % {"n": number}
    known = Asset.objects.filter(number=number).exclude(status=AssetStatus.DISPOSED).exists()
    if known:
        return True, _("已盘点：%(n)s") % {"n": number}
    return True, _("台账中没有资产 %(n)s：列为盘盈") % {"n": number}


@dataclass
class CountResult:
    found: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    unexpected: list = field(default_factory=list)


def count_result(count) -> CountResult:
    scanned = set(count.scans.values_list("asset_number", flat=True))
    register = dict(
        Asset.objects.exclude(status=AssetStatus.DISPOSED).values_list("number", "name")
    )
    result = CountResult()
    result.found = sorted(n for n in scanned if n in register)
    result.missing = sorted(n for n in register if n not in scanned)
    result.unexpected = sorted(n for n in scanned if n not in register)
    return result


@transaction.atomic
def finish_count(actor, count, *, request=None) -> CountResult:
    require(permissions.manages_assets(actor), _("只有办公室可以结束盘点"))
    if not InventoryCount.objects.filter(pk=count.pk, finished_at__isnull=True).update(
        finished_at=timezone.now()
    ):
        raise Conflict(_("本次盘点已结束"))
    result = count_result(count)
    record(
        "governance.count_finish",
        actor=actor,
        obj=count,
        after={
            "found": len(result.found),
            "missing": result.missing[:200],
            "unexpected": result.unexpected[:200],
        },
        request=request,
    )
    return result


# -- reconciliation (对账) ---------------------------------------------------------------------


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return str(int(value))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime) and not (value.hour or value.minute or value.second):
        value = value.date()
    return str(value).strip()


def _price(value) -> Decimal:
    if isinstance(value, Decimal):
        price = value
    elif isinstance(value, bool | date):
        raise InvalidOperation
    else:
        price = Decimal(_cell_text(value).replace(",", ""))
    if not price.is_finite() or price < 0:
        raise InvalidOperation
    return price.quantize(CENT)


def _header(rows) -> tuple[int, dict[str, int]]:
    """The header row: the first of the first ten rows that names one of the columns (a
    title row above it, as finance exports often have, is skipped); else the first row."""
    first = None
    for row_number, cells in rows:
        by_label = {}
        for position, value in sorted(cells.items()):
            by_label.setdefault(_cell_text(value), position)
        if first is None:
            first = (row_number, by_label)
        if any(label in by_label for label in COLUMNS.values()):
            return row_number, by_label
        if row_number >= first[0] + 9:
            break
    return first or (1, {})


def read_finance_file(data: bytes) -> dict[str, dict]:
    """{number: {"name", "price", "custodian"}} from the workbook; every error by row/column.

    The first worksheet is streamed by ``xlsx.Workbook`` (lxml, row by row): 50,000 rows
    read in about a second where openpyxl took ten or more (docs/performance.md).
    """
    book = xlsx.Workbook(data)
    rows = book.rows()
    header_row, by_label = _header(rows)
    positions, errors = {}, []
    for key, label in COLUMNS.items():
        if label in by_label:
            positions[key] = by_label[label]
        else:
            errors.append(_("第%(r)s行：缺少“%(col)s”列") % {"r": header_row, "col": label})
    if errors:
        rows.close()
        raise InvalidInput("；".join(errors), errors={"file": errors})
    book.only(positions.values())
    at_number, at_name = positions["number"], positions["name"]
    at_price, at_custodian = positions["price"], positions["custodian"]
    ledger: dict[str, dict] = {}
    count = 0
    for row_number, cells in rows:
        count += 1
        if count > MAX_ROWS:
            errors.append(_("行数超过 %(n)s 行") % {"n": MAX_ROWS})
            rows.close()
            break
        number = _cell_text(cells.get(at_number))
        raw_price = cells.get(at_price)
        name = _cell_text(cells.get(at_name))
        custodian = _cell_text(cells.get(at_custodian))
        if not number and not name and not custodian and _cell_text(raw_price) == "":
            continue
        if not number:
            errors.append(
                _("第%(r)s行“%(c)s”列：不能为空") % {"r": row_number, "c": COLUMNS["number"]}
            )
        try:
            price = _price(raw_price)
        except (InvalidOperation, ValueError):
            errors.append(
                _("第%(r)s行“%(c)s”列：应为不小于零的金额")
                % {"r": row_number, "c": COLUMNS["price"]}
            )
            price = None
        if number and number in ledger:
            errors.append(
                _("第%(r)s行“%(c)s”列：编号 %(n)s 重复")
                % {"r": row_number, "c": COLUMNS["number"], "n": number}
            )
        if number and price is not None:
            ledger[number] = {"name": name, "price": price, "custodian": custodian}
    if errors:
        raise InvalidInput("；".join(errors[:50]), errors={"file": errors})
    return ledger


def differences(ledger: dict[str, dict]) -> tuple[int, list[dict]]:
    """(register size, differences) between the register (not disposed) and the ledger."""
    register = {
        number: (price, custodian or "")
        for number, price, custodian in Asset.objects.exclude(
            status=AssetStatus.DISPOSED
        ).values_list("number", "price", "custodian__display_name")
    }
    found = []
    for number in sorted(register.keys() | ledger.keys()):
        ours, theirs = register.get(number), ledger.get(number)
        if theirs is None:
            found.append(
                {"kind": "missing", "number": number, "register": str(ours[0]), "ledger": ""}
            )
            continue
        if ours is None:
            found.append(
                {"kind": "extra", "number": number, "register": "", "ledger": str(theirs["price"])}
            )
            continue
        if ours[0] != theirs["price"]:
            found.append(
                {
                    "kind": "value",
                    "number": number,
                    "register": str(ours[0]),
                    "ledger": str(theirs["price"]),
                }
            )
        if theirs["custodian"] and str(ours[1]) != theirs["custodian"]:
            found.append(
                {
                    "kind": "custodian",
                    "number": number,
                    "register": str(ours[1]),
                    "ledger": theirs["custodian"],
                }
            )
    return len(register), found


DIFFERENCE_LABELS = {
    "missing": "核算中心无此资产（台账有）",
    "extra": "台账漏记（核算中心有）",
    "value": "原值不符",
    "custodian": "保管人不符",
}


def reconcile(actor, *, data: bytes, original_name: str, request=None) -> Reconciliation:
    """Read the finance file (outside the transaction: no lock is held while it parses),
    then compare it with the register and save the result in one transaction."""
    require(permissions.manages_assets(actor), _("只有办公室可以对账"))
    original_name = text(original_name, "file", _("文件名"), 200)
    ledger = read_finance_file(data)
    with transaction.atomic():
        return _save_reconciliation(actor, ledger, original_name, request)


def _save_reconciliation(actor, ledger, original_name, request) -> Reconciliation:
    register_count, found = differences(ledger)
    row = Reconciliation.objects.create(
        done_on=timezone.localdate(),
        done_by=actor,
        original_name=original_name,
        register_count=register_count,
        ledger_count=len(ledger),
        differences=found,
    )
    record(
        "governance.reconcile",
        actor=actor,
        obj=row,
        after={"register": register_count, "ledger": len(ledger), "differences": len(found)},
        request=request,
    )
    return row


def half_year_start(today: date) -> date:
    return date(today.year, 1 if today.month <= 6 else 7, 1)
