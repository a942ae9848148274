"""Cleaning and checking an item's payload (guide, materials, form fields, steps).

Used by the services before any write and by the Excel import to check rows without
saving. Values may come from forms or spreadsheets, so numbers may be strings and
choices may be given by code or by their Chinese label. Every problem is collected
(not just the first) as ``{field: [messages]}`` in Chinese.
"""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from onewindow.core.errors import InvalidInput

from .constants import (
    ApplicantType,
    FieldType,
    ItemKind,
    LifeEvent,
    MaterialForm,
    MaterialSource,
)
from .models import CODE_MAX, ServiceItem

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
KEY_RE = re.compile(r"^[-a-zA-Z0-9_]+$")

# Guide fields (ItemVersion columns) and their text limits; None = no limit (TextField).
TEXT_FIELDS = {
    "name": 200,
    "legal_basis": None,
    "applicant_scope": None,
    "conditions": None,
    "fee_basis": None,
    "place": 200,
    "hours": 200,
    "enquiry_phone": 50,
    "complaint_phone": 50,
    "change_note": 200,
}
GUIDE_FIELDS = frozenset(
    set(TEXT_FIELDS)
    | {
        "kind",
        "applicant_type",
        "statutory_limit_days",
        "promised_limit_days",
        "fee",
        "online_url",
        "visits_needed",
        "life_events",
        "valid_from",
        "valid_to",
    }
)
REQUIRED_GUIDE = ("name", "kind", "statutory_limit_days", "promised_limit_days")
MATERIAL_KEYS = frozenset(
    {
        "name",
        "material_type",
        "form",
        "copies",
        "source",
        "required",
        "conditional_eligible",
        "note",
    }
)
FORM_FIELD_KEYS = frozenset({"key", "label", "field_type", "required", "choices", "max_length"})
STEP_KEYS = frozenset({"name", "description"})

_TRUE = {"1", "true", "yes", "y", "是", "√", "on", "必要", "必填"}
_FALSE = {"0", "false", "no", "n", "否", "×", "off", ""}


def guide_label(field: str) -> str:
    from .models import ItemVersion

    return str(ItemVersion._meta.get_field(field).verbose_name)


def item_max_steps() -> int:
    return int(getattr(settings, "CATALOG_ITEM_MAX_STEPS", 20))


def bundle_max_steps() -> int:
    return int(getattr(settings, "CATALOG_BUNDLE_MAX_STEPS", 4))


class Errors(dict):
    """{field: [messages]} that raises InvalidInput with the first message as the summary."""

    def add(self, field: str, message: str) -> None:
        self.setdefault(field, []).append(str(message))

    def raise_if_any(self) -> None:
        if self:
            first = next(iter(self.values()))[0]
            raise InvalidInput(first, errors=dict(self))


# -- scalar parsers: return the value, or add an error and return None ----------------


def text(value, field, errors, label, *, max_length=None, required=False) -> str:
    value = "" if value is None else str(value).strip()
    if required and not value:
        errors.add(field, _("请填写%(label)s") % {"label": label})
    elif max_length and len(value) > max_length:
        errors.add(
            field,
            _("%(label)s不能超过%(max)s个字") % {"label": label, "max": max_length},
        )
    return value


def integer(value, field, errors, label, *, required=True, default=0, minimum=0):
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors.add(field, _("请填写%(label)s") % {"label": label})
            return None
        return default
    if isinstance(value, bool):
        errors.add(field, _("%(label)s应为整数") % {"label": label})
        return None
    try:
        number = Decimal(str(value).strip())
        # Finite and whole. It stays a Decimal until checked against the limits below:
        # int() of "Infinity" raises, and of "1e99999999" takes minutes.
        if not number.is_finite() or number != number.to_integral_value():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors.add(field, _("%(label)s应为整数") % {"label": label})
        return None
    if number < 0:
        errors.add(field, _("%(label)s不能为负数") % {"label": label})
        return None
    if number < minimum:
        errors.add(field, _("%(label)s不能小于%(min)s") % {"label": label, "min": minimum})
        return None
    if number > 32767:  # PositiveSmallIntegerField is the smallest column we write
        errors.add(field, _("%(label)s数值过大") % {"label": label})
        return None
    return int(number)


def money(value, field, errors, label):
    if value is None or (isinstance(value, str) and not value.strip()):
        return Decimal("0")
    try:
        amount = Decimal(str(value).strip())
        if not amount.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors.add(field, _("%(label)s应为金额") % {"label": label})
        return None
    if amount < 0:
        errors.add(field, _("%(label)s不能为负数") % {"label": label})
        return None
    if amount >= Decimal("10000000000"):
        errors.add(field, _("%(label)s数值过大") % {"label": label})
        return None
    return amount.quantize(Decimal("0.01"))


def boolean(value, field, errors, label, *, default):
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    key = str(value).strip().lower()
    if key == "":
        return default
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    errors.add(field, _("%(label)s应为“是”或“否”") % {"label": label})
    return None


def choice(value, field, errors, label, choices_cls, *, default=None):
    """A TextChoices value given by its code or its Chinese label."""
    value = "" if value is None else str(value).strip()
    if not value:
        if default is None:
            errors.add(field, _("请选择%(label)s") % {"label": label})
        return default
    for code, display in choices_cls.choices:
        if value in (code, str(display)):
            return code
    errors.add(field, _("%(label)s取值无效：%(value)s") % {"label": label, "value": value[:50]})
    return None


def a_date(value, field, errors, label):
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        errors.add(field, _("%(label)s格式应为 YYYY-MM-DD") % {"label": label})
        return None


def life_events(value, field, errors) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = [v for v in re.split(r"[、,，;；|\s]+", value) if v]
    if not isinstance(value, list | tuple):
        errors.add(field, _("主题分类格式不正确"))
        return []
    out = []
    for v in value:
        code = choice(v, field, errors, _("主题分类"), LifeEvent)
        if code and code not in out:
            out.append(code)
    return out


def string_list(value) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [v.strip() for v in re.split(r"[|、,，;；\n]+", value) if v.strip()]
    return [str(v).strip() for v in value if str(v).strip()]


# -- the parts of an item ------------------------------------------------------------


def clean_code(code, errors, *, field="code", label=None, model=ServiceItem, exclude_pk=None):
    label = label or _("事项编码")
    code = text(code, field, errors, label, required=True)
    if not code:
        return code
    if len(code) > CODE_MAX:
        errors.add(field, _("%(label)s不能超过%(max)s个字符") % {"label": label, "max": CODE_MAX})
    elif not CODE_RE.match(code):
        errors.add(field, _("%(label)s只能包含字母、数字、点、下划线和连字符") % {"label": label})
    else:
        taken = model.objects.filter(code=code)
        if exclude_pk is not None:
            taken = taken.exclude(pk=exclude_pk)
        if taken.exists():
            errors.add(field, _("%(label)s已存在") % {"label": label})
    return code


def clean_department(department, errors, *, field="department", label=None):
    """A Department given as the object, its code or its exact name."""
    from onewindow.org.models import Department

    label = label or _("实施部门")
    if department is None or department == "":
        errors.add(field, _("请选择%(label)s") % {"label": label})
        return None
    if isinstance(department, Department):
        found = department
    else:
        key = str(department).strip()
        found = Department.objects.filter(code=key).first() or (
            Department.objects.filter(name=key).first()
        )
        if found is None:
            errors.add(field, _("%(label)s不存在：%(value)s") % {"label": label, "value": key[:50]})
            return None
    if not found.is_active:
        errors.add(field, _("%(label)s已停用：%(name)s") % {"label": label, "name": found.name})
        return None
    return found


def clean_guide(guide: dict, errors: Errors) -> dict:
    guide = dict(guide or {})
    unknown = sorted(set(guide) - GUIDE_FIELDS)
    for key in unknown:
        errors.add(str(key), _("未知的指南字段：%(key)s") % {"key": key})
    out: dict = {}
    for field, max_length in TEXT_FIELDS.items():
        out[field] = text(
            guide.get(field),
            field,
            errors,
            guide_label(field),
            max_length=max_length,
            required=field in REQUIRED_GUIDE,
        )
    out["kind"] = choice(guide.get("kind"), "kind", errors, guide_label("kind"), ItemKind)
    out["applicant_type"] = choice(
        guide.get("applicant_type"),
        "applicant_type",
        errors,
        guide_label("applicant_type"),
        ApplicantType,
        default=ApplicantType.BOTH,
    )
    for field in ("statutory_limit_days", "promised_limit_days"):
        out[field] = integer(guide.get(field), field, errors, guide_label(field))
    statutory, promised = out["statutory_limit_days"], out["promised_limit_days"]
    if statutory is not None and promised is not None and promised > statutory:
        errors.add("promised_limit_days", _("承诺办结时限不能超过法定办结时限"))
    out["fee"] = money(guide.get("fee"), "fee", errors, guide_label("fee"))
    out["visits_needed"] = integer(
        guide.get("visits_needed"),
        "visits_needed",
        errors,
        guide_label("visits_needed"),
        required=False,
    )
    url = text(
        guide.get("online_url"), "online_url", errors, guide_label("online_url"), max_length=200
    )
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            errors.add("online_url", _("网上办理地址不是有效的网址"))
    out["online_url"] = url
    out["life_events"] = life_events(guide.get("life_events"), "life_events", errors)
    out["valid_from"] = a_date(
        guide.get("valid_from"), "valid_from", errors, guide_label("valid_from")
    )
    out["valid_to"] = a_date(guide.get("valid_to"), "valid_to", errors, guide_label("valid_to"))
    if out["valid_from"] and out["valid_to"] and out["valid_to"] < out["valid_from"]:
        errors.add("valid_to", _("失效日期不能早于生效日期"))
    return out


def _rows(rows, field, errors, label) -> list[dict]:
    if rows is None:
        return []
    if not isinstance(rows, list | tuple):
        errors.add(field, _("%(label)s格式不正确") % {"label": label})
        return []
    out = []
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            errors.add(
                f"{field}.{i}", _("%(label)s第%(n)s项格式不正确") % {"label": label, "n": i + 1}
            )
            continue
        out.append(row)
    return out


def _prefix(label, i):
    return _("%(label)s第%(n)s项：") % {"label": label, "n": i + 1}


def clean_materials(materials, errors: Errors) -> list[dict]:
    label = _("申请材料")
    out = []
    for i, row in enumerate(_rows(materials, "materials", errors, label)):
        sub = Errors()
        p = f"materials.{i}."
        for key in sorted(set(row) - MATERIAL_KEYS):
            sub.add(p + str(key), _("未知的材料字段：%(key)s") % {"key": key})
        name = text(row.get("name"), p + "name", sub, _("材料名称"), max_length=200, required=True)
        mtype = (
            text(row.get("material_type"), p + "material_type", sub, _("标准材料"), max_length=200)
            or name
        )
        cleaned = {
            "name": name,
            "material_type": mtype,
            "form": choice(
                row.get("form"),
                p + "form",
                sub,
                _("材料形式"),
                MaterialForm,
                default=MaterialForm.ORIGINAL,
            ),
            "copies": integer(
                row.get("copies"),
                p + "copies",
                sub,
                _("份数"),
                required=False,
                default=1,
                minimum=1,
            ),
            "source": choice(
                row.get("source"),
                p + "source",
                sub,
                _("来源渠道"),
                MaterialSource,
                default=MaterialSource.APPLICANT,
            ),
            "required": boolean(row.get("required"), p + "required", sub, _("必要"), default=True),
            "conditional_eligible": boolean(
                row.get("conditional_eligible"),
                p + "conditional_eligible",
                sub,
                _("可容缺"),
                default=False,
            ),
            "note": text(row.get("note"), p + "note", sub, _("填报说明"), max_length=300),
        }
        for field, messages in sub.items():
            for m in messages:
                errors.add(field, _prefix(label, i) + m)
        out.append(cleaned)
    return out


def clean_form_fields(form_fields, errors: Errors) -> list[dict]:
    label = _("表单字段")
    out, seen = [], set()
    for i, row in enumerate(_rows(form_fields, "form_fields", errors, label)):
        sub = Errors()
        p = f"form_fields.{i}."
        for key in sorted(set(row) - FORM_FIELD_KEYS):
            sub.add(p + str(key), _("未知的表单字段属性：%(key)s") % {"key": key})
        key = text(row.get("key"), p + "key", sub, _("字段标识"), max_length=50, required=True)
        if key and not KEY_RE.match(key):
            sub.add(p + "key", _("字段标识只能包含字母、数字、下划线和连字符"))
        elif key in seen:
            sub.add(p + "key", _("字段标识重复：%(key)s") % {"key": key})
        seen.add(key)
        field_type = choice(
            row.get("field_type"),
            p + "field_type",
            sub,
            _("类型"),
            FieldType,
            default=FieldType.TEXT,
        )
        choices = string_list(row.get("choices"))
        if field_type == FieldType.CHOICE and not choices:
            sub.add(p + "choices", _("单选字段需要填写可选值"))
        cleaned = {
            "key": key,
            "label": text(
                row.get("label"), p + "label", sub, _("字段名称"), max_length=100, required=True
            ),
            "field_type": field_type,
            "required": boolean(row.get("required"), p + "required", sub, _("必填"), default=True),
            "choices": choices,
            "max_length": integer(
                row.get("max_length"),
                p + "max_length",
                sub,
                _("最大长度"),
                required=False,
                default=200,
                minimum=1,
            ),
        }
        for field, messages in sub.items():
            for m in messages:
                errors.add(field, _prefix(label, i) + m)
        out.append(cleaned)
    return out


def clean_steps(steps, errors: Errors, *, max_steps: int, field="steps") -> list[dict]:
    label = _("办理环节")
    rows = _rows(steps, field, errors, label)
    if len(rows) > max_steps:
        errors.add(
            field,
            _("办理环节不能超过%(max)s个（现有%(n)s个）") % {"max": max_steps, "n": len(rows)},
        )
    out = []
    for i, row in enumerate(rows):
        sub = Errors()
        p = f"{field}.{i}."
        for key in sorted(set(row) - STEP_KEYS):
            sub.add(p + str(key), _("未知的环节属性：%(key)s") % {"key": key})
        cleaned = {
            "name": text(
                row.get("name"), p + "name", sub, _("环节名称"), max_length=100, required=True
            ),
            "description": text(
                row.get("description"), p + "description", sub, _("说明"), max_length=300
            ),
        }
        for f, messages in sub.items():
            for m in messages:
                errors.add(f, _prefix(label, i) + m)
        out.append(cleaned)
    return out


def clean_item_payload(
    code, department, guide, materials, form_fields, steps, *, check_code=True
) -> dict:
    """The cleaned payload, or InvalidInput with every problem found."""
    errors = Errors()
    cleaned = {
        "code": clean_code(code, errors) if check_code else code,
        "department": clean_department(department, errors),
        "guide": clean_guide(guide, errors),
        "materials": clean_materials(materials, errors),
        "form_fields": clean_form_fields(form_fields, errors),
        "steps": clean_steps(steps, errors, max_steps=item_max_steps()),
    }
    errors.raise_if_any()
    return cleaned
