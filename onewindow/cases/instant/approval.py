"""秒批秒办 (instant approval): rules over the form and the platform's own data decide.

RULES.md: "rules over the form data and shared data decide with no human step; any
failed check falls back to a person."

An item takes the instant path when it is on the 秒批秒办 list (catalog ListEntry
``instant``) and has at least one active :class:`~.models.InstantRule`. Right after
submission, inside the submission's transaction, :func:`try_instant` evaluates every
active rule:

- all pass: the system (no person) decides the case APPROVED at once — workflow row
  ``instant_approve`` (SUBMITTED → DECIDED), ``handling_mode="instant"``, acceptance and
  decision now, both clocks started and stopped the same day, a timeline event and an
  audit record with no actor, and the certificate if the certificates module is there;
- any fails: the case stays SUBMITTED for the window, ``instant_checks`` keeps the
  results, and the timeline says why a person takes over.

An item with no active rules is never approved by the system: an empty rule set
decides nothing.

Rules are written only through :func:`set_rules` (bureau staff who publish the
catalogue), which validates each rule's parameters against the item's form.
Personal data: the applicant's ID number is decrypted only in this process to check it
and to read the birth date; it never goes into a message, the timeline or the audit log.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric

from onewindow.accounts.constants import AccountKind
from onewindow.accounts.models import User
from onewindow.catalog import permissions as catalog_permissions
from onewindow.catalog.constants import FieldType, ReformList, VersionStatus
from onewindow.catalog.models import FormField, ListEntry, ServiceItem
from onewindow.core.audit import record
from onewindow.core.errors import DomainError, InvalidInput, NotFound, PermissionDenied
from onewindow.core.pii import mask_text, validate_id_number, validate_uscc

from .. import moves, services, workflow
from ..constants import (
    CaseStatus,
    Decision,
    HandlingMode,
    InstantRuleKind,
    MaterialStatus,
    PromiseStatus,
)
from ..models import Case, CaseEvent, ConditionalPromise, InstantRule

K = InstantRuleKind

# Limits of a rule set (not local rules: sizes that keep a rule readable).
MAX_RULES = 20
MAX_VALUES = 50
MAX_VALUE_LENGTH = 200
MAX_AGE = 150

# Cases that are over: anything else of the same item blocks no_open_case.
# Drafts are not counted: a draft never handed in is not a case in handling.
_NOT_OPEN = (
    CaseStatus.DRAFT,
    CaseStatus.REFUSED,
    CaseStatus.CONCLUDED,
    CaseStatus.TERMINATED,
)
_NO_PARAMS = frozenset(
    {K.APPLICANT_VERIFIED, K.NO_OPEN_CASE, K.NO_BROKEN_PROMISE, K.MATERIALS_COMPLETE}
)
_PARAM_KEYS = {
    K.FIELD_EQUALS: {"field", "value"},
    K.FIELD_IN: {"field", "values"},
    K.NUMBER_AT_MOST: {"field", "value"},
    K.NUMBER_AT_LEAST: {"field", "value"},
    K.AGE_BETWEEN: {"min", "max"},
}
# Personal data is never compared by a rule: a rule's message would have to echo it.
_PERSONAL_FIELD_TYPES = frozenset({FieldType.ID_NUMBER, FieldType.PHONE})


# -- which items ----------------------------------------------------------------------


def on_instant_list(item) -> bool:
    item_id = item.pk if isinstance(item, ServiceItem) else item
    return ListEntry.objects.filter(list_code=ReformList.INSTANT, item_id=item_id).exists()


def active_rules(item) -> list[InstantRule]:
    item_id = item.pk if isinstance(item, ServiceItem) else item
    return list(InstantRule.objects.filter(item_id=item_id, is_active=True).order_by("order", "pk"))


def applies_to(case: Case) -> bool:
    """Whether a submitted case of this item goes through the instant checks."""
    if case.item_version_id is None:  # bundles (一件事) and industries (一业一证): a person
        return False
    # The published version from the cache carries its item's active rules if the item is
    # on the list (services._current_version, forgotten by set_rules): no query.
    cached = getattr(case.item_version, "instant_rules", None)
    if cached is not None:
        return bool(cached)
    # One query: on the list and with an active rule.
    return InstantRule.objects.filter(
        item_id=case.item_version.item_id,
        is_active=True,
        item__list_entries__list_code=ReformList.INSTANT,
    ).exists()


# -- parameters -----------------------------------------------------------------------


def _kind_label(kind) -> str:
    try:
        return str(K(kind).label)
    except ValueError:
        return str(kind)


def _form_fields_of(version) -> dict[str, FormField]:
    if version is None:
        return {}
    return {f.key: f for f in version.form_fields.all()}


def _rule_version(item: ServiceItem):
    """The version whose form the rules are checked against: the current one, else the newest."""
    version = item.versions.filter(status=VersionStatus.PUBLISHED).first()
    return version or item.versions.order_by("-number").first()


def _text_value(value, what: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise InvalidInput(_("%(what)s须为文字或数字") % {"what": what})
    text = str(value).strip()
    if not text:
        raise InvalidInput(_("%(what)s不能为空") % {"what": what})
    if len(text) > MAX_VALUE_LENGTH:
        raise InvalidInput(_("%(what)s不能超过%(n)s个字") % {"what": what, "n": MAX_VALUE_LENGTH})
    return text


def _number(value) -> Decimal | None:
    """A finite number from an int, float, Decimal or numeric text; None otherwise."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        value = value.strip().replace(",", "")
    if not isinstance(value, (str, int, float, Decimal)):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _age_bound(value, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_AGE:
        raise InvalidInput(
            _("年龄%(name)s须为0至%(max)s之间的整数") % {"name": name, "max": MAX_AGE}
        )
    return value


def clean_params(kind: str, params, fields: dict[str, FormField] | None) -> dict:
    """The rule's parameters checked and normalised; InvalidInput with a Chinese message.

    ``fields`` are the form fields the rule may name (key -> FormField); None skips the
    check that the field exists (evaluation checks it against the case's own version).
    """
    if kind not in K.values:
        raise InvalidInput(_("规则类型不正确"))
    if params is None:
        params = {}
    if not isinstance(params, dict):
        raise InvalidInput(_("规则参数格式不正确"))
    if kind in _NO_PARAMS:
        if params:
            raise InvalidInput(_("“%(kind)s”规则不需要参数") % {"kind": _kind_label(kind)})
        return {}
    unknown = set(params) - _PARAM_KEYS[kind]
    if unknown:
        raise InvalidInput(
            _("“%(kind)s”规则不认识参数：%(keys)s")
            % {"kind": _kind_label(kind), "keys": "、".join(sorted(map(str, unknown)))}
        )
    if kind == K.AGE_BETWEEN:
        low = _age_bound(params.get("min"), _("下限"))
        high = _age_bound(params.get("max"), _("上限"))
        if low is None and high is None:
            raise InvalidInput(_("年龄范围须至少填写下限或上限"))
        if low is not None and high is not None and low > high:
            raise InvalidInput(_("年龄下限不能大于上限"))
        return {k: v for k, v in (("min", low), ("max", high)) if v is not None}

    key = params.get("field")
    if not isinstance(key, str) or not key.strip():
        raise InvalidInput(_("请填写规则检查的表单字段"))
    key = key.strip()
    field = None
    if fields is not None:
        field = fields.get(key)
        if field is None:
            raise InvalidInput(_("事项表单中没有字段“%(key)s”") % {"key": key})
        if field.field_type in _PERSONAL_FIELD_TYPES:
            raise InvalidInput(
                _("“%(label)s”是个人信息字段，不能设置比较规则") % {"label": field.label}
            )
    label = field.label if field is not None else key
    choices = [str(c) for c in field.choices] if field is not None else []

    if kind in (K.NUMBER_AT_MOST, K.NUMBER_AT_LEAST):
        if field is not None and field.field_type != FieldType.NUMBER:
            raise InvalidInput(_("“%(label)s”不是数字字段") % {"label": label})
        number = _number(params.get("value"))
        if number is None:
            raise InvalidInput(_("请为“%(label)s”填写有效的数值") % {"label": label})
        value = int(number) if number == number.to_integral_value() else float(number)
        return {"field": key, "value": value}

    if kind == K.FIELD_EQUALS:
        value = _text_value(params.get("value"), _("“%(label)s”的比较值") % {"label": label})
        if choices and value not in choices:
            raise InvalidInput(
                _("“%(value)s”不是“%(label)s”的可选值") % {"value": value, "label": label}
            )
        return {"field": key, "value": value}

    # field_in
    values = params.get("values")
    if not isinstance(values, (list, tuple)) or not values:
        raise InvalidInput(_("请为“%(label)s”填写至少一个允许值") % {"label": label})
    if len(values) > MAX_VALUES:
        raise InvalidInput(_("允许值不能超过%(n)s个") % {"n": MAX_VALUES})
    cleaned = []
    for value in values:
        text = _text_value(value, _("“%(label)s”的允许值") % {"label": label})
        if choices and text not in choices:
            raise InvalidInput(
                _("“%(value)s”不是“%(label)s”的可选值") % {"value": text, "label": label}
            )
        if text not in cleaned:
            cleaned.append(text)
    return {"field": key, "values": cleaned}


def validate_rules(item: ServiceItem, rules) -> list[dict]:
    """Every rule checked; the cleaned list, or InvalidInput naming the rule at fault."""
    if rules is None or isinstance(rules, (str, bytes, dict)):
        raise InvalidInput(_("秒批规则格式不正确"), field="rules")
    try:
        rules = list(rules)
    except TypeError:
        raise InvalidInput(_("秒批规则格式不正确"), field="rules") from None
    if len(rules) > MAX_RULES:
        raise InvalidInput(_("秒批规则不能超过%(n)s条") % {"n": MAX_RULES}, field="rules")
    fields = _form_fields_of(_rule_version(item))
    cleaned, seen = [], set()
    for number, rule in enumerate(rules, start=1):
        try:
            cleaned.append(_clean_rule(rule, fields, seen))
        except InvalidInput as exc:
            raise InvalidInput(
                _("第%(n)s条规则：%(error)s") % {"n": number, "error": exc.message}, field="rules"
            ) from None
    return cleaned


def _clean_rule(rule, fields, seen: set) -> dict:
    if isinstance(rule, InstantRule):
        rule = {
            "kind": rule.kind,
            "params": rule.params,
            "message": rule.message,
            "is_active": rule.is_active,
        }
    if not isinstance(rule, dict):
        raise InvalidInput(_("规则格式不正确"))
    unknown = set(rule) - {"kind", "params", "message", "is_active"}
    if unknown:
        raise InvalidInput(_("规则格式不正确"))
    kind = rule.get("kind")
    if not isinstance(kind, str) or kind not in K.values:
        raise InvalidInput(_("规则类型不正确"))
    kind = K(kind).value
    params = clean_params(kind, rule.get("params"), fields)
    message = rule.get("message") or ""
    if not isinstance(message, str):
        raise InvalidInput(_("不通过时的说明须为文字"))
    message = message.strip()
    max_length = InstantRule._meta.get_field("message").max_length
    if len(message) > max_length:
        raise InvalidInput(_("不通过时的说明不能超过%(n)s个字") % {"n": max_length})
    is_active = rule.get("is_active", True)
    if not isinstance(is_active, bool):
        raise InvalidInput(_("启用状态须为是或否"))
    signature = (kind, repr(sorted(params.items())))
    if signature in seen:
        raise InvalidInput(_("与前面的规则重复"))
    seen.add(signature)
    return {"kind": kind, "params": params, "message": message, "is_active": is_active}


# -- setting the rules ------------------------------------------------------------------


def _snapshot(rule: InstantRule) -> dict:
    return {
        "kind": rule.kind,
        "params": rule.params,
        "message": rule.message,
        "is_active": rule.is_active,
    }


def _item(item) -> ServiceItem:
    if isinstance(item, ServiceItem):
        return item
    found = ServiceItem.objects.filter(code=str(item or "")).first()
    if found is None:
        raise NotFound(_("未找到该事项"))
    return found


@transaction.atomic
def set_rules(user, item, rules, *, request=None) -> list[InstantRule]:
    """Replace an item's instant-approval rules (bureau staff who publish the catalogue).

    ``rules``: a list of {"kind", "params", "message" (optional), "is_active" (optional)},
    in the order they are checked. An empty list removes them all (no instant approval).
    ``user=None`` is the system (the demo loader).
    """
    if not catalog_permissions.can_publish(user):
        raise PermissionDenied(_("只有具有事项发布权限的局工作人员可以设置秒批规则"))
    item = _item(item)
    cleaned = validate_rules(item, rules)
    # Lock the item so two editors replacing the rules at once do not interleave.
    item = ServiceItem.objects.select_for_update().get(pk=item.pk)
    existing = list(InstantRule.objects.filter(item=item).order_by("order", "pk"))
    before = [_snapshot(r) for r in existing]
    InstantRule.objects.filter(item=item).delete()
    InstantRule.objects.bulk_create(
        [InstantRule(item=item, order=n, **rule) for n, rule in enumerate(cleaned, start=1)]
    )
    # Applications read the rules with the cached published version: forget it.
    services.forget_published(item.code)
    record(
        "case.instant_rules_set",
        actor=user,
        obj=item,
        before={"rules": before},
        after={"rules": cleaned},
        request=request,
        summary=_("设置秒批规则 %(item)s（%(n)s条）") % {"item": item.code, "n": len(cleaned)},
    )
    return list(InstantRule.objects.filter(item=item).order_by("order", "pk"))


# -- reads for the rules pages (bureau publishers only) ----------------------------------


def _require_publisher(user) -> None:
    if not catalog_permissions.is_bureau_publisher(user):
        raise NotFound()  # no hint that the page exists


def listed_items(user, q: str = ""):
    """The items on the 秒批秒办 list with their rule counts and instant outcomes so far."""
    _require_publisher(user)
    items = ServiceItem.objects.filter(
        list_entries__list_code=ReformList.INSTANT, list_entries__item__isnull=False
    )
    q = (q or "").strip()[:50]
    if q:
        items = items.filter(Q(code__icontains=q) | Q(name__icontains=q))
    return (
        items.select_related("department")
        .annotate(
            active_rules=Count(
                "instant_rules", filter=Q(instant_rules__is_active=True), distinct=True
            )
        )
        .order_by("department__sort_order", "code")
    )


def outcome_counts(items) -> dict[int, dict[str, int]]:
    """{item id: {"approved": n, "fallback": n}} from the timeline, for the items given."""
    rows = (
        CaseEvent.objects.filter(
            action__in=("instant_approve", "instant_fallback"),
            case__item_version__item__in=[i.pk for i in items],
        )
        .values_list("case__item_version__item", "action")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, dict[str, int]] = {}
    for item_id, action, n in rows:
        key = "approved" if action == "instant_approve" else "fallback"
        counts.setdefault(item_id, {"approved": 0, "fallback": 0})[key] = n
    return counts


def rules_page(user, code) -> tuple[ServiceItem, list[InstantRule], list[FormField], bool]:
    """(item, its rules, the form fields rules may name, whether it is on the list)."""
    _require_publisher(user)
    item = ServiceItem.objects.select_related("department").filter(code=str(code or "")).first()
    if item is None:
        raise NotFound(_("未找到该事项"))
    rules = list(InstantRule.objects.filter(item=item).order_by("order", "pk"))
    fields = list(_form_fields_of(_rule_version(item)).values())
    return item, rules, fields, on_instant_list(item)


# -- evaluation ---------------------------------------------------------------------------


class _Facts:
    """What the checks read, loaded once per evaluation."""

    def __init__(self, case: Case):
        self.case = case
        self.today = moves.today()
        # ID numbers and phones are stored encrypted in the form (application.py): the
        # checks read them decrypted, in this process only.
        from ..form_data import plain as plain_form_data

        self.form = plain_form_data(case)
        self.fields = _form_fields_of(case.item_version)
        self._applicant = None

    @property
    def applicant(self) -> User:
        if self._applicant is None:
            self._applicant = User.objects.get(pk=self.case.applicant_id)
        return self._applicant

    def label(self, key: str) -> str:
        field = self.fields.get(key)
        return field.label if field is not None else key

    def identity(self) -> tuple[str, str]:
        """("id_number" | "uscc", the full value or ""), decrypted in this process only."""
        user = self.applicant
        if user.kind == AccountKind.ENTERPRISE:
            return "uscc", str(user.uscc or "")
        value = user.id_number
        full = value.reveal() if hasattr(value, "reveal") else str(value or "")
        if not full and user.uscc:
            return "uscc", str(user.uscc)
        return "id_number", full

    def birth_date(self) -> datetime.date | None:
        kind, value = self.identity()
        if kind != "id_number" or not value:
            return None
        try:
            validate_id_number(value)
            return ric.get_birth_date(value)
        except (InvalidInput, stdnum_errors.ValidationError):
            return None


def _result(kind: str, passed: bool, message: str) -> dict:
    return {"kind": str(kind), "passed": bool(passed), "message": str(message)}


def _check_applicant_verified(params, facts: _Facts):
    kind, value = facts.identity()
    if kind == "uscc":
        if not value:
            return False, _("申请人未登记统一社会信用代码")
        try:
            validate_uscc(value)
        except InvalidInput as exc:
            return False, _("申请人统一社会信用代码核验未通过：%(error)s") % {"error": exc.message}
        label = _("统一社会信用代码")
    else:
        if not value:
            return False, _("申请人未登记身份证号码，无法核验身份")
        try:
            validate_id_number(value)
        except InvalidInput as exc:
            return False, _("申请人身份证号码核验未通过：%(error)s") % {"error": exc.message}
        label = _("身份证号码")
    # The form's own identity field, if the applicant typed one in full, must be theirs.
    typed = facts.form.get(kind)
    full_form = isinstance(typed, str) and "*" not in typed and typed.strip()
    if full_form and typed.strip().upper() != value.upper():
        return False, _("表单填写的%(label)s与申请人实名信息不一致") % {"label": label}
    return True, _("申请人%(label)s核验通过") % {"label": label}


def _check_no_open_case(params, facts: _Facts):
    case = facts.case
    others = list(
        Case.objects.filter(
            applicant_id=case.applicant_id, item_version__item_id=case.item_version.item_id
        )
        .exclude(pk=case.pk)
        .exclude(status__in=_NOT_OPEN)
        .order_by("pk")
        .values_list("number", flat=True)[:3]
    )
    if others:
        return False, _("申请人已有同一事项的在办件（%(numbers)s），须人工核查") % {
            "numbers": "、".join(others)
        }
    return True, _("无同一事项在办件")


def _check_no_broken_promise(params, facts: _Facts):
    broken = ConditionalPromise.objects.filter(
        applicant_id=facts.case.applicant_id, status=PromiseStatus.BROKEN
    ).exists()
    if broken:
        return False, _("申请人有未履行容缺受理承诺的记录")
    return True, _("无失信记录")


def _check_materials_complete(params, facts: _Facts):
    missing = [
        m.name
        for m in facts.case.materials.order_by("order", "pk")
        if m.required and m.status != MaterialStatus.SUPPLIED
    ]
    if missing:
        return False, _("尚有必要材料未提交：%(names)s") % {"names": "、".join(missing)}
    return True, _("必要材料齐全")


def _form_value(params, facts: _Facts):
    key = params["field"]
    label = facts.label(key)
    if key not in facts.fields:
        return label, None, _("事项表单中没有字段“%(label)s”") % {"label": label}
    value = facts.form.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return label, None, _("未填写“%(label)s”") % {"label": label}
    return label, value, None


def _shown(value) -> str:
    """A form value as a message may show it: short, and personal data masked."""
    text = mask_text(str(value).strip())
    return text if len(text) <= 50 else text[:50] + "…"


def _check_field_equals(params, facts: _Facts):
    label, value, error = _form_value(params, facts)
    if error:
        return False, error
    if str(value).strip() != params["value"]:
        return False, _("“%(label)s”须为“%(expected)s”，填报为“%(actual)s”") % {
            "label": label,
            "expected": params["value"],
            "actual": _shown(value),
        }
    return True, _("“%(label)s”为“%(expected)s”") % {"label": label, "expected": params["value"]}


def _check_field_in(params, facts: _Facts):
    label, value, error = _form_value(params, facts)
    if error:
        return False, error
    allowed = "、".join(params["values"])
    if str(value).strip() not in params["values"]:
        return False, _("“%(label)s”须为%(allowed)s之一，填报为“%(actual)s”") % {
            "label": label,
            "allowed": allowed,
            "actual": _shown(value),
        }
    return True, _("“%(label)s”符合秒批范围") % {"label": label}


def _check_number(params, facts: _Facts, *, at_most: bool):
    label, value, error = _form_value(params, facts)
    if error:
        return False, error
    number = _number(value)
    if number is None:
        return False, _("“%(label)s”不是有效的数字") % {"label": label}
    limit = Decimal(str(params["value"]))
    shown = {"label": label, "actual": _shown(value), "limit": params["value"]}
    if at_most and number > limit:
        return False, _("“%(label)s”为%(actual)s，超过秒批上限%(limit)s") % shown
    if not at_most and number < limit:
        return False, _("“%(label)s”为%(actual)s，低于秒批下限%(limit)s") % shown
    if at_most:
        return True, _("“%(label)s”不超过%(limit)s") % shown
    return True, _("“%(label)s”不低于%(limit)s") % shown


def _age_on(born: datetime.date, today: datetime.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _age_range_text(params) -> str:
    low, high = params.get("min"), params.get("max")
    if low is not None and high is not None:
        return _("%(min)s至%(max)s周岁") % {"min": low, "max": high}
    if low is not None:
        return _("年满%(min)s周岁") % {"min": low}
    return _("不超过%(max)s周岁") % {"max": high}


def _check_age_between(params, facts: _Facts):
    born = facts.birth_date()
    span = _age_range_text(params)
    if born is None:
        return False, _("无法从申请人身份证号码确定年龄，不能核验“%(span)s”") % {"span": span}
    age = _age_on(born, facts.today)
    low, high = params.get("min"), params.get("max")
    if (low is not None and age < low) or (high is not None and age > high):
        return False, _("申请人年龄%(age)s周岁，不符合秒批条件（%(span)s）") % {
            "age": age,
            "span": span,
        }
    return True, _("申请人年龄符合条件（%(span)s）") % {"span": span}


_CHECKS = {
    K.APPLICANT_VERIFIED: _check_applicant_verified,
    K.NO_OPEN_CASE: _check_no_open_case,
    K.NO_BROKEN_PROMISE: _check_no_broken_promise,
    K.MATERIALS_COMPLETE: _check_materials_complete,
    K.FIELD_EQUALS: _check_field_equals,
    K.FIELD_IN: _check_field_in,
    K.NUMBER_AT_MOST: lambda p, f: _check_number(p, f, at_most=True),
    K.NUMBER_AT_LEAST: lambda p, f: _check_number(p, f, at_most=False),
    K.AGE_BETWEEN: _check_age_between,
}


def evaluate(case, rules=None) -> list[dict]:
    """Every active rule of the case's item, checked: [{"kind", "passed", "message"}, ...].

    A failed rule's message says, in Chinese, what failed (the rule's own message when
    staff gave one). A rule whose stored parameters are no longer valid fails. Reads only.
    """
    case = moves.load_case(case)
    if case.item_version_id is None:
        return []
    if rules is None:
        rules = active_rules(case.item_version.item_id)
    facts = _Facts(case)
    results = []
    for rule in rules:
        try:
            params = clean_params(rule.kind, rule.params, None)
        except InvalidInput as exc:
            results.append(
                _result(
                    rule.kind,
                    False,
                    _("规则“%(kind)s”参数无效（%(error)s）")
                    % {"kind": _kind_label(rule.kind), "error": exc.message},
                )
            )
            continue
        passed, message = _CHECKS[rule.kind](params, facts)
        if not passed and rule.message:
            message = rule.message
        results.append(_result(rule.kind, passed, message))
    return results


# -- the instant path -----------------------------------------------------------------------


def _issue_certificates(case: Case) -> None:
    """The certificates and the delivery clock, in the decision's transaction (as review)."""
    services.approved(case)


def _approve(case: Case, checks: list[dict]) -> Case:
    row = workflow.check(case, "instant_approve", None)
    now, today = timezone.now(), moves.today()
    # No request: the audit's actor would default to the request's user (the applicant).
    case = moves.move(
        case,
        row,
        actor=None,
        fields={
            "handling_mode": HandlingMode.INSTANT,
            "instant_checks": checks,
            "accepted_at": now,
            "decided_at": now,
            "decision": Decision.APPROVED,
            "decision_reason": "",
        },
        note=_("秒批通过：系统自动核验%(n)s项规则全部通过，%(decision)s")
        % {"n": len(checks), "decision": Decision.APPROVED.label},
        after={
            "decision": Decision.APPROVED,
            "handling_mode": HandlingMode.INSTANT,
            "checks": checks,
        },
    )
    moves.start_clocks(case, today)
    moves.stop_clocks(case, today)
    case.refresh_from_db()
    _issue_certificates(case)
    case.refresh_from_db()
    return case


def _fall_back(case: Case, checks: list[dict]) -> Case:
    updated = Case.objects.filter(pk=case.pk, status=CaseStatus.SUBMITTED).update(
        instant_checks=checks, version_lock=F("version_lock") + 1
    )
    if not updated:
        raise moves.conflict()
    reasons = "；".join(c["message"] for c in checks if not c["passed"])
    moves.event(
        case,
        "instant_fallback",
        actor=None,
        note=_("秒批未通过，转人工审核：%(reasons)s") % {"reasons": reasons},
    )
    moves.audit(case, "instant_fallback", actor=None, after={"checks": checks})
    case.refresh_from_db()
    return case


def try_instant(case) -> Case:
    """After submission (same transaction): approve at once, or hand to a person with why.

    Does nothing (returns the case) unless the case is SUBMITTED, of a single item that is
    on the 秒批秒办 list and has active rules.
    """
    if isinstance(case, Case) and not applies_to(case):
        return case  # not an instant item (the common case): no second read of the case
    case = moves.load_case(case)
    if case.status != CaseStatus.SUBMITTED or not applies_to(case):
        return case
    # Serialise this applicant's submissions, so two at once cannot both pass no_open_case.
    User.objects.select_for_update().filter(pk=case.applicant_id).values_list("pk").first()
    rules = active_rules(case.item_version.item_id)
    checks = evaluate(case, rules)
    if checks and all(c["passed"] for c in checks):
        try:
            with transaction.atomic():
                return _approve(case, checks)
        except DomainError as exc:
            # The approval itself failed (a certificate could not be issued …): a person.
            case = moves.load_case(case.pk)
            checks = [*checks, _result("system", False, _("系统自动办结失败：%(e)s") % {"e": exc})]
    return _fall_back(case, checks)
