"""The public page's filter: the last 12 months or a year, all departments or one."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import selectors

RECENT = ""


class PublicFilterForm(forms.Form):
    year = forms.ChoiceField(label=_("统计期间"), required=False)
    department = forms.ChoiceField(label=_("部门"), required=False)

    def __init__(self, data=None):
        super().__init__(data or {})
        self.fields["year"].choices = [(RECENT, _("近12个月"))] + [
            (str(y), _("%(y)s年") % {"y": y}) for y in selectors.rating_years()
        ]
        self.departments = {d.code: d for d in selectors.public_departments()}
        self.fields["department"].choices = [("", _("全部部门"))] + [
            (code, d.name) for code, d in self.departments.items()
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def period(self) -> selectors.Period:
        """The period asked for; the last 12 months (errors on the form) when invalid."""
        if not self.is_valid():
            return selectors.recent_months()
        year = self.cleaned_data.get("year")
        period = selectors.year_period(int(year)) if year else selectors.recent_months()
        department = self.departments.get(self.cleaned_data.get("department") or "")
        if department is None:
            return period
        return selectors.Period(period.start, period.end, period.label, department.pk)
