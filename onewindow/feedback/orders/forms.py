"""Forms of work orders: thin; the services decide (their DomainError goes back on the form)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from onewindow.core.errors import DomainError
from onewindow.core.pii import validators

from ..constants import TEXT_MAX_LENGTH, CallbackResult, RatingLevel, WorkOrderKind
from .services import (
    EXTERNAL_MAX_LENGTH,
    NAME_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    STAFF_SOURCES,
    SUBJECT_MAX_LENGTH,
)

NON_REMEDY_KINDS = [(k, label) for k, label in WorkOrderKind.choices if k != WorkOrderKind.REMEDY]
PUBLIC_KINDS = [
    (k, label)
    for k, label in WorkOrderKind.choices
    if k in (WorkOrderKind.COMPLAINT, WorkOrderKind.SUGGESTION, WorkOrderKind.ENQUIRY)
]


def _department_queryset():
    from onewindow.org.models import Department

    return Department.objects.filter(is_active=True).order_by("sort_order", "code")


def _clean_phone(value: str) -> str:
    if not value:
        return ""
    try:
        return validators.validate_phone(value)
    except DomainError as exc:
        raise forms.ValidationError(exc.message) from None


class RegisterOrderForm(forms.Form):
    """Staff register an order from the hotline, a petition, the box, a call or CCTV request."""

    source = forms.ChoiceField(label=_("来源"), choices=[(s.value, s.label) for s in STAFF_SOURCES])
    kind = forms.ChoiceField(label=_("诉求类别"), choices=NON_REMEDY_KINDS)
    external_number = forms.CharField(
        label=_("来源单号"),
        max_length=EXTERNAL_MAX_LENGTH,
        required=False,
        help_text=_("如12345热线工单号、信访件编号"),
    )
    subject = forms.CharField(label=_("标题"), max_length=SUBJECT_MAX_LENGTH)
    content = forms.CharField(
        label=_("诉求内容"), max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 5})
    )
    requester_name = forms.CharField(label=_("诉求人"), max_length=NAME_MAX_LENGTH, required=False)
    requester_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    is_real_name = forms.BooleanField(label=_("实名诉求（办结前须回访）"), required=False)
    department = forms.ModelChoiceField(
        label=_("承办单位"),
        queryset=None,
        required=False,
        empty_label=_("暂不分派（由督查人员分派）"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _department_queryset()

    def clean_requester_phone(self):
        return _clean_phone(self.cleaned_data.get("requester_phone", "").strip())


class OnlineComplaintForm(forms.Form):
    """网上吐槽找茬: anyone, with or without a name."""

    kind = forms.ChoiceField(label=_("类别"), choices=PUBLIC_KINDS, initial=WorkOrderKind.COMPLAINT)
    subject = forms.CharField(label=_("标题"), max_length=SUBJECT_MAX_LENGTH)
    content = forms.CharField(
        label=_("具体内容"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("请写明办事时间、地点、窗口或事项，以便核实。"),
    )
    anonymous = forms.BooleanField(label=_("匿名反映（无法回访告知结果）"), required=False)
    requester_name = forms.CharField(label=_("姓名"), max_length=NAME_MAX_LENGTH, required=False)
    requester_phone = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        required=False,
        help_text=_("仅用于回访，页面中隐去中间四位显示"),
    )

    def clean_requester_phone(self):
        return _clean_phone(self.cleaned_data.get("requester_phone", "").strip())

    def clean(self):
        data = super().clean()
        if not data.get("anonymous"):
            if not (data.get("requester_name") or "").strip():
                self.add_error("requester_name", _("实名反映请填写姓名，或勾选匿名反映"))
            if not data.get("requester_phone") and "requester_phone" not in self.errors:
                self.add_error("requester_phone", _("实名反映请填写手机号码，或勾选匿名反映"))
        return data


# -- the action cards on an order's page ---------------------------------------------------


class DispatchForm(forms.Form):
    department = forms.ModelChoiceField(label=_("承办单位"), queryset=None)
    note = forms.CharField(label=_("分派说明"), max_length=NOTE_MAX_LENGTH, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _department_queryset()


class ReplyForm(forms.Form):
    verification = forms.CharField(
        label=_("核实情况"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reply = forms.CharField(
        label=_("答复（整改）内容"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CallbackForm(forms.Form):
    result = forms.ChoiceField(label=_("回访结果"), choices=CallbackResult.choices)
    note = forms.CharField(
        label=_("回访记录"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("办结说明"), max_length=NOTE_MAX_LENGTH, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"), max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


class RateForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("对办理结果的满意度"), choices=RatingLevel.choices, coerce=int
    )


class RulingForm(forms.Form):
    ruling = forms.CharField(
        label=_("审核意见"), max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
