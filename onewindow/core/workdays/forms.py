"""The system administrator's form for one day of the calendar."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import MAX_YEAR, MIN_YEAR, NAME_MAX_LENGTH


class DayForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    is_workday = forms.TypedChoiceField(
        label=_("安排"),
        choices=[("1", _("上班（工作日）")), ("0", _("放假（休息日）"))],
        coerce=lambda value: value == "1",
    )
    name = forms.CharField(
        label=_("名称"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        help_text=_("如：春节、国庆节、调休上班"),
    )

    def clean_date(self):
        value = self.cleaned_data["date"]
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            raise forms.ValidationError(
                _("日期须在%(lo)s年至%(hi)s年之间") % {"lo": MIN_YEAR, "hi": MAX_YEAR}
            )
        return value
