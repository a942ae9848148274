"""Assets: entry, a count with a label scanned twice, reconciliation of 1,000 assets with 5
planted differences, a file with wrong columns."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import Workbook

from onewindow.core.errors import InvalidInput
from onewindow.governance.assets import services as assets
from onewindow.governance.constants import AssetStatus
from onewindow.governance.models import Asset, Reconciliation
from onewindow.governance.selectors import late_asset_purchases, reconciliation_due

pytestmark = pytest.mark.django_db


def _xlsx(rows, header=("资产编号", "资产名称", "原值", "保管人")):
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _register(n, custodian):
    day = timezone.localdate() - timedelta(days=400)
    Asset.objects.bulk_create(
        [
            Asset(
                number=f"ZC{i:06d}",
                name="台式计算机",
                category_code="2010101",
                purchased_on=day,
                price=Decimal("4500.00") + i,
                custodian=custodian,
                entered_on=day,
            )
            for i in range(n)
        ]
    )


def test_1000_assets_against_a_finance_file_with_5_planted_differences(office):
    _register(1000, office)
    name = office.display_name
    rows = [(f"ZC{i:06d}", "台式计算机", float(Decimal("4500.00") + i), name) for i in range(1000)]
    del rows[17]  # 1. missing from the finance ledger
    rows.append(("ZC999999", "投影仪", 3200.0, name))  # 2. not in our register
    rows[100] = (rows[100][0], rows[100][1], rows[100][2] + 100, name)  # 3. value
    rows[200] = (rows[200][0], rows[200][1], rows[200][2], "王五")  # 4. custodian
    rows[300] = (rows[300][0], rows[300][1], 1.0, name)  # 5. value
    result = assets.reconcile(office, data=_xlsx(rows), original_name="核算中心台账.xlsx")
    found = {(d["kind"], d["number"]) for d in result.differences}
    assert found == {
        ("missing", "ZC000017"),
        ("extra", "ZC999999"),
        ("value", "ZC000101"),
        ("custodian", "ZC000201"),
        ("value", "ZC000301"),
    }
    assert (result.register_count, result.ledger_count) == (1000, 1000)
    assert not reconciliation_due(timezone.localdate())


def test_a_file_with_wrong_columns_names_every_error_and_saves_nothing(office):
    with pytest.raises(InvalidInput) as caught:
        assets.reconcile(
            office, data=_xlsx([("A", 1)], header=("编号", "名称", "原值")), original_name="x.xlsx"
        )
    assert "缺少“资产编号”列" in caught.value.message
    assert "缺少“保管人”列" in caught.value.message
    with pytest.raises(InvalidInput) as caught:
        assets.reconcile(
            office,
            data=_xlsx([("ZC1", "电脑", "abc", "张三"), ("", "电脑", -1, "")]),
            original_name="x.xlsx",
        )
    assert "第2行“原值”列" in caught.value.message
    assert "第3行“资产编号”列" in caught.value.message and "第3行“原值”列" in caught.value.message
    with pytest.raises(InvalidInput, match="无法读取"):
        assets.reconcile(office, data=b"not excel", original_name="x.xlsx")
    assert not Reconciliation.objects.exists()


def test_a_label_scanned_twice_counts_once(office):
    _register(3, office)
    Asset.objects.filter(number="ZC000002").update(status=AssetStatus.DISPOSED)
    count = assets.start_count(office, title="2026年下半年盘点")
    assert assets.scan(office, count, "ZC000000")[0] is True
    counted, message = assets.scan(office, count, "ZC000000")
    assert counted is False and "只计一次" in message
    assets.scan(office, count, "ZC777777")
    result = assets.finish_count(office, count)
    assert result.found == ["ZC000000"]
    assert result.missing == ["ZC000001"]
    assert result.unexpected == ["ZC777777"]


def test_entry_checks_the_category_and_the_price(office):
    common = {"number": "ZC1", "name": "电脑", "purchased_on": timezone.localdate()}
    with pytest.raises(InvalidInput, match="GB/T 14885"):
        assets.enter_asset(office, category_code="9999999", price="100", **common)
    with pytest.raises(InvalidInput):
        assets.enter_asset(office, category_code="2010101", price="-1", **common)
    asset = assets.enter_asset(office, category_code="2010101", price="4999", **common)
    assert asset.get_category_code_display() == "台式计算机"


def test_a_purchase_not_entered_in_time_raises_a_warning(settings, clerk, head, deputy, principal):
    from onewindow.governance.models import Expenditure
    from onewindow.governance.spending import services as spending

    e = spending.file_expenditure(
        clerk, purpose="购置打印机", amount="2000", is_asset_purchase=True
    )
    for signer in (head, deputy, principal):
        e = spending.sign(signer, e)
    today = timezone.localdate()
    assert late_asset_purchases(today) == []
    Expenditure.objects.filter(pk=e.pk).update(approved_on=today - timedelta(days=31))
    assert [x.pk for x in late_asset_purchases(today)] == [e.pk]
