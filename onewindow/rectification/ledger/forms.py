"""Forms of the ledger pages. They parse; the services decide (their DomainError is put
back on the form with core.forms.show_error), so required-ness of the responsible unit
and due date is checked once, in services.add_measure."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from onewindow.org.models import Department

from .. import metrics
from ..constants import (
    REASON_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    InspectionKind,
    MeasureKind,
    OutputKind,
    TargetComparison,
)
from ..models import Category, Inspection, Problem

DATE = forms.DateInput(attrs={"type": "date"})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class InspectionForm(forms.Form):
    title = forms.CharField(label=_("名称"), max_length=TITLE_MAX_LENGTH)
    kind = forms.TypedChoiceField(
        label=_("巡视或巡察"),
        choices=InspectionKind.choices,
        initial=InspectionKind.XUNCHA,
        required=False,
        empty_value=InspectionKind.XUNCHA,
    )
    round_name = forms.CharField(label=_("巡察轮次"), max_length=100)
    inspection_group = forms.CharField(label=_("巡察组"), max_length=100)
    inspected_unit = forms.CharField(label=_("被巡察单位"), max_length=100)
    period_start = forms.DateField(label=_("巡察开始日期"), widget=DATE)
    period_end = forms.DateField(label=_("巡察结束日期"), widget=DATE)
    feedback_on = forms.DateField(
        label=_("反馈日期"), widget=DATE, help_text=_("整改报告期限为反馈之日起2个月")
    )
    previous = forms.ModelChoiceField(
        label=_("上一轮巡察"), queryset=Inspection.objects.all(), required=False
    )


class ProblemForm(forms.Form):
    number = forms.IntegerField(label=_("问题序号"), min_value=1)
    category = forms.ModelChoiceField(
        label=_("问题类别"), queryset=Category.objects.none(), required=False
    )
    new_category = forms.CharField(
        label=_("或新建类别"),
        max_length=TITLE_MAX_LENGTH,
        required=False,
        help_text=_("如“一、关于……方面”；选择上级类别即为其下的“类”"),
    )
    new_category_parent = forms.ModelChoiceField(
        label=_("新建类别的上级类别"), queryset=Category.objects.none(), required=False
    )
    title = forms.CharField(label=_("问题"), max_length=TITLE_MAX_LENGTH)
    description = forms.CharField(
        label=_("问题表现"), max_length=TEXT_MAX_LENGTH, required=False, widget=forms.Textarea
    )
    carried_over_from = forms.ModelChoiceField(
        label=_("上轮遗留问题（新官要理旧账）"),
        queryset=Problem.objects.none(),
        required=False,
        help_text=_("选择后，其未完成的整改措施一并转入"),
    )

    def __init__(self, *args, inspection, earlier=None, **kwargs):
        super().__init__(*args, **kwargs)
        categories = Category.objects.filter(inspection=inspection).order_by("sort_order", "pk")
        self.fields["category"].queryset = categories
        self.fields["new_category_parent"].queryset = categories
        if earlier is not None:
            self.fields["carried_over_from"].queryset = earlier
            self.fields["carried_over_from"].label_from_instance = lambda p: f"{p.inspection} · {p}"
        else:
            del self.fields["carried_over_from"]


class MeasureForm(forms.Form):
    content = forms.CharField(
        label=_("整改措施"), max_length=TEXT_MAX_LENGTH, widget=forms.Textarea
    )
    kind = forms.ChoiceField(label=_("整改类型"), choices=MeasureKind.choices)
    responsible_leader = forms.CharField(label=_("责任领导"), max_length=100)
    responsible_unit = forms.ModelChoiceField(
        label=_("责任股室"), queryset=Department.objects.filter(is_active=True), required=False
    )
    due_date = forms.DateField(label=_("完成时限"), widget=DATE, required=False)
    target_metric = forms.ChoiceField(label=_("考核指标"), required=False)
    target_comparison = forms.ChoiceField(
        label=_("达标条件"), choices=TargetComparison.choices, required=False
    )
    target_value = forms.DecimalField(
        label=_("目标值"), max_digits=12, decimal_places=2, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_metric"].choices = [("", _("（不绑定）")), *metrics.choices()]


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("进展情况"), max_length=TEXT_MAX_LENGTH, widget=forms.Textarea)
    files = MultipleFileField(label=_("佐证材料"))


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("说明"), max_length=TEXT_MAX_LENGTH, required=False, widget=forms.Textarea
    )


class AcceptForm(forms.Form):
    note = forms.CharField(
        label=_("验收意见"), max_length=TEXT_MAX_LENGTH, required=False, widget=forms.Textarea
    )
    target_unmet_reason = forms.CharField(
        label=_("未达标销号理由"),
        max_length=REASON_MAX_LENGTH,
        required=False,
        widget=forms.Textarea,
        help_text=_("考核指标未达标或无法核验时必须填写"),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=REASON_MAX_LENGTH, widget=forms.Textarea)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("回头看发现的问题（重新打开的理由）"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea,
    )
    due_date = forms.DateField(label=_("新的完成时限"), widget=DATE, required=False)


class OutputForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=OutputKind.choices)
    title = forms.CharField(label=_("名称"), max_length=TITLE_MAX_LENGTH)
    document_number = forms.CharField(label=_("文号"), max_length=100, required=False)
    issued_on = forms.DateField(label=_("印发日期"), widget=DATE, required=False)


class AccountabilityForm(forms.Form):
    person_name = forms.CharField(label=_("被问责人"), max_length=50)
    position = forms.CharField(label=_("职务"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("问责方式"), choices=())
    decided_on = forms.DateField(label=_("问责日期"), widget=DATE)
    document_number = forms.CharField(label=_("决定文号"), max_length=100, required=False)
    note = forms.CharField(
        label=_("说明"), max_length=TEXT_MAX_LENGTH, required=False, widget=forms.Textarea
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from ..models import AccountabilityType

        # The office's list (it may extend it), in its order and its words.
        self.fields["kind"].choices = [
            (row.code, row.name) for row in AccountabilityType.objects.filter(active=True)
        ]


class AccountabilityTypeForm(forms.Form):
    name = forms.CharField(label=_("问责方式名称"), max_length=50)
