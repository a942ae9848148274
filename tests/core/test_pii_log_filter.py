"""Log lines never carry a full ID number or phone."""

import logging
import sys

import pytest

from onewindow.core.pii import Masked
from onewindow.core.pii.logging import MaskPersonalDataFilter

ID = "370502199001011233"
PHONE = "13812345678"
ID_MASKED = "370***********1233"
PHONE_MASKED = "138****5678"


def _record(msg, args=(), exc_info=None):
    return logging.LogRecord("onewindow.test", logging.INFO, __file__, 1, msg, args, exc_info)


def test_filter_masks_args_and_keeps_the_record():
    record = _record("申请人 %s 手机 %s 已受理", (ID, PHONE))
    assert MaskPersonalDataFilter().filter(record) is True
    message = record.getMessage()
    assert message == f"申请人 {ID_MASKED} 手机 {PHONE_MASKED} 已受理"
    assert ID not in message and PHONE not in message


def test_filter_masks_mapping_args_and_plain_messages():
    record = _record("%(id)s/%(phone)s", ({"id": ID, "phone": PHONE},))
    MaskPersonalDataFilter().filter(record)
    assert record.getMessage() == f"{ID_MASKED}/{PHONE_MASKED}"
    record = _record(f"联系电话+86 {PHONE}")
    MaskPersonalDataFilter().filter(record)
    assert record.getMessage() == f"联系电话+86 {PHONE_MASKED}"


def test_filter_leaves_ordinary_lines_untouched():
    record = _record("案件 %s 于 %s 办结，金额 %s 元", ("20261128-0001", "2026-11-28", "12345.67"))
    MaskPersonalDataFilter().filter(record)
    assert record.args == ("20261128-0001", "2026-11-28", "12345.67")


def test_filter_masks_a_record_whose_format_is_broken():
    # Otherwise logging prints "Arguments: ('13812345678',)" to stderr.
    record = _record("手机 %d", (PHONE,))
    MaskPersonalDataFilter().filter(record)
    assert PHONE not in record.getMessage() and PHONE_MASKED in record.getMessage()


def test_filter_masks_exception_text():
    try:
        int(f"{PHONE}x")
    except ValueError:
        record = _record("解析失败", exc_info=sys.exc_info())
    MaskPersonalDataFilter().filter(record)
    line = logging.Formatter("%(message)s").format(record)
    assert "ValueError" in line and PHONE_MASKED in line and PHONE not in line


@pytest.fixture
def masked_caplog(caplog):
    mask = MaskPersonalDataFilter()
    caplog.handler.addFilter(mask)
    yield caplog
    caplog.handler.removeFilter(mask)


def test_log_lines_through_a_handler_are_masked(masked_caplog):
    logger = logging.getLogger("onewindow.test.pii")
    with masked_caplog.at_level(logging.INFO, logger="onewindow.test.pii"):
        logger.info("办事人 %s 身份证 %s", PHONE, ID)
        logger.warning("核验失败：%s", Masked(ID, "id_number"))
        logger.info("预约成功 tel=%s", "138 1234 5678")
    assert len(masked_caplog.records) == 3
    text = masked_caplog.text
    assert PHONE not in text and ID not in text and "138 1234 5678" not in text
    assert masked_caplog.messages == [
        f"办事人 {PHONE_MASKED} 身份证 {ID_MASKED}",
        f"核验失败：{ID_MASKED}",
        f"预约成功 tel={PHONE_MASKED}",
    ]


def test_settings_attach_the_filter_to_the_console_handler(settings):
    config = settings.LOGGING
    path = config["filters"]["mask_pii"]["()"]
    assert path == "onewindow.core.pii.logging.MaskPersonalDataFilter"
    assert "mask_pii" in config["handlers"]["console"]["filters"]
