"""The 秒批 rules page's form: one row per rule; a row without a type is left out.

The form only parses; ``instant.set_rules`` decides whether the rules are valid.
"""

import re

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from ..constants import InstantRuleKind as K
from .approval import MAX_AGE, MAX_RULES, MAX_VALUE_LENGTH

EXTRA_ROWS = 3
_SEPARATORS = re.compile(r"[、,，;；\n]+")


class RuleForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("规则类型"), required=False, choices=[("", _("（不设）")), *K.choices]
    )
    field = forms.ChoiceField(label=_("表单字段"), required=False, choices=[("", "—")])
    value = forms.CharField(label=_("比较值或数值"), required=False, max_length=MAX_VALUE_LENGTH)
    values = forms.CharField(
        label=_("允许值"), required=False, max_length=2000, help_text=_("以顿号或逗号分隔")
    )
    min_age = forms.IntegerField(
        label=_("最低年龄"), required=False, min_value=0, max_value=MAX_AGE
    )
    max_age = forms.IntegerField(
        label=_("最高年龄"), required=False, min_value=0, max_value=MAX_AGE
    )
    message = forms.CharField(label=_("不通过时的说明"), required=False, max_length=200)
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(self, *args, field_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", "—"), *field_choices]

    @staticmethod
    def initial_for(rule) -> dict:
        params = rule.params if isinstance(rule.params, dict) else {}
        values = params.get("values")
        return {
            "kind": rule.kind,
            "field": params.get("field", ""),
            "value": "" if params.get("value") is None else str(params.get("value")),
            "values": "、".join(map(str, values)) if isinstance(values, list) else "",
            "min_age": params.get("min"),
            "max_age": params.get("max"),
            "message": rule.message,
            "is_active": rule.is_active,
        }

    def rule(self) -> dict | None:
        """The row as set_rules takes it; None for a row without a type."""
        data = self.cleaned_data
        kind = data.get("kind")
        if not kind:
            return None
        if kind in (K.FIELD_EQUALS, K.NUMBER_AT_MOST, K.NUMBER_AT_LEAST):
            params = {"field": data.get("field", ""), "value": data.get("value", "")}
        elif kind == K.FIELD_IN:
            values = [v.strip() for v in _SEPARATORS.split(data.get("values", "")) if v.strip()]
            params = {"field": data.get("field", ""), "values": values}
        elif kind == K.AGE_BETWEEN:
            bounds = (("min", data.get("min_age")), ("max", data.get("max_age")))
            params = {k: v for k, v in bounds if v is not None}
        else:
            params = {}
        return {
            "kind": kind,
            "params": params,
            "message": data.get("message", ""),
            "is_active": bool(data.get("is_active")),
        }


RuleFormSet = formset_factory(
    RuleForm, extra=EXTRA_ROWS, max_num=MAX_RULES, validate_max=True, absolute_max=MAX_RULES + 10
)
