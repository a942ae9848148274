"""The filter form of the audit list and export (GET parameters)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import constants as c
from .selectors import AuditFilter


def _action_choices():
    return [("", _("全部操作"))] + [(code, label) for code, label in c.ACTION_LABELS.items()]


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("操作"), required=False, max_length=c.ACTION_MAX_LENGTH)
    actor = forms.CharField(label=_("用户"), required=False, max_length=c.ACTOR_NAME_MAX_LENGTH)
    result = forms.ChoiceField(
        label=_("结果"), required=False, choices=[("", _("全部结果")), *c.Result.choices]
    )
    date_from = forms.DateField(
        label=_("开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    object = forms.CharField(label=_("对象"), required=False, max_length=c.OBJECT_REPR_MAX_LENGTH)
    object_type = forms.CharField(
        label=_("对象类型"), required=False, max_length=c.OBJECT_TYPE_MAX_LENGTH
    )
    object_id = forms.CharField(
        label=_("对象编号"), required=False, max_length=c.OBJECT_ID_MAX_LENGTH
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A select of the known actions; other codes still work through the URL.
        self.fields["action"].widget = forms.Select(choices=_action_choices())
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault("class", "form-select" if is_select else "form-control")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("结束日期不能早于开始日期"))
        return data

    def to_filter(self) -> AuditFilter:
        """The valid filters; call after is_valid(). Invalid fields filter nothing."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return AuditFilter(**{k: v for k, v in data.items() if v not in (None, "")})
