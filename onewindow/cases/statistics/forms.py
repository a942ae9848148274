"""The filter of the statistics pages: a year or a date range, the period, channel, department."""

from datetime import date

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onewindow.core.errors import DomainError
from onewindow.core.forms import show_error

from ..constants import Channel
from .report import Filters, Period, Scope, department_choices, years_with_cases


class StatisticsFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, required=False)
    start = forms.DateField(
        label=_("开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    period = forms.ChoiceField(label=_("统计周期"), choices=Period.CHOICES, required=False)
    channel = forms.ChoiceField(label=_("申请渠道"), required=False)
    department = forms.TypedChoiceField(label=_("部门"), coerce=int, required=False)

    def __init__(self, data, *, scope: Scope, with_breakdowns: bool = True):
        # Always bound, with the defaults filled in, so the menus show what is counted.
        data = data.copy() if data is not None else QueryDict(mutable=True)
        data.setdefault("period", Period.MONTH)
        if not data.get("start") and not data.get("end"):
            data.setdefault("year", str(timezone.localdate().year))
        super().__init__(data)
        self.scope = scope
        years = years_with_cases()
        self.fields["year"].choices = [(y, _("%(y)s年") % {"y": y}) for y in years]
        self.fields["channel"].choices = [("", _("全部渠道")), *Channel.choices]
        departments = department_choices(scope) if with_breakdowns else []
        if departments:
            self.fields["department"].choices = [("", _("全部部门"))] + [
                (d.pk, d.name) for d in departments
            ]
        else:
            del self.fields["department"]
        if not with_breakdowns:
            del self.fields["channel"]
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select" if select else "form-control"

    def default_filters(self) -> Filters:
        return Filters.for_year(timezone.localdate().year)

    def filters(self) -> Filters:
        """The filters asked for; the current year with the errors on the form if invalid."""
        if not self.is_valid():
            return self.default_filters()
        data = self.cleaned_data
        start, end = data.get("start"), data.get("end")
        if start or end:
            start = start or date(end.year, 1, 1)
            end = end or max(start, min(date(start.year, 12, 31), timezone.localdate()))
        else:
            year = data.get("year") or timezone.localdate().year
            start, end = date(year, 1, 1), date(year, 12, 31)
        try:
            return Filters(
                start,
                end,
                period=data.get("period") or Period.MONTH,
                channel=data.get("channel") or "",
                department_id=data.get("department") or None,
            )
        except DomainError as exc:
            show_error(self, exc)
            return self.default_filters()
