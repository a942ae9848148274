"""The search form of 办件查询: the words, then the filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from onewindow.org.models import Department, Window

from .selectors import QUERY_MAX, Criteria, channel_choices, status_choices


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("查询内容"),
        max_length=QUERY_MAX,
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": _("办件编号、申请人名称、统一社会信用代码、身份证号码或手机号码")}
        ),
    )
    item = forms.CharField(label=_("事项编码"), max_length=64, required=False)
    department = forms.TypedChoiceField(label=_("部门"), coerce=int, required=False)
    status = forms.ChoiceField(label=_("状态"), required=False)
    channel = forms.ChoiceField(label=_("申请渠道"), required=False)
    window = forms.TypedChoiceField(label=_("受理窗口"), coerce=int, required=False)
    start = forms.DateField(
        label=_("提交日期自"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("提交日期至"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data=None):
        super().__init__(data)
        self.fields["department"].choices = [("", _("全部部门"))] + [
            (d.pk, d.name) for d in Department.objects.order_by("pk")
        ]
        self.fields["status"].choices = [("", _("全部状态")), *status_choices()]
        self.fields["channel"].choices = [("", _("全部渠道")), *channel_choices()]
        self.fields["window"].choices = [("", _("全部窗口"))] + [
            (w.pk, str(w)) for w in Window.objects.select_related("site").order_by("site", "pk")
        ]
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select" if select else "form-control"

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("结束日期不能早于开始日期"))
        return data

    def criteria(self) -> Criteria | None:
        """The criteria asked for, or None before a search (or with errors on the form)."""
        if not self.is_bound or not self.is_valid():
            return None
        data = self.cleaned_data
        criteria = Criteria(
            q=data.get("q", "").strip(),
            item_code=data.get("item", "").strip(),
            department_id=data.get("department") or None,
            status=data.get("status") or "",
            channel=data.get("channel") or "",
            window_id=data.get("window") or None,
            start=data.get("start"),
            end=data.get("end"),
        )
        return criteria if criteria.any() else None
