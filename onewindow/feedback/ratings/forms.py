"""Forms of the rating pages. They parse; ``services.clean_rating`` decides what is valid."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..constants import CHANNEL_QUESTIONS, COMMENT_MAX_LENGTH, Question, RatingChannel, RatingLevel
from . import selectors

# Most satisfied first, as on the provincial platform's pages.
LEVEL_CHOICES = [(str(level.value), level.label) for level in RatingLevel]
LEVEL_MESSAGES = {
    "required": _("请选择评价等级"),
    "invalid_choice": _("评价等级无效，请在五个等级中选择"),
}


class RatingForm(forms.Form):
    """A level (the overall rating), the channel's other questions and a comment."""

    level = forms.ChoiceField(
        label=_("总体评价"),
        choices=LEVEL_CHOICES,
        widget=forms.RadioSelect,
        error_messages=LEVEL_MESSAGES,
    )
    comment = forms.CharField(
        label=_("评价内容"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(
            attrs={"rows": 4, "maxlength": COMMENT_MAX_LENGTH, "data-ow-counter": ""}
        ),
        error_messages={
            "max_length": _("评价内容不能超过%(limit_value)d字（当前%(show_value)d字）"),
        },
    )

    def __init__(self, *args, channel=RatingChannel.ON_SITE, **kwargs):
        super().__init__(*args, **kwargs)
        self.channel = channel
        self.questions = [
            q for q in CHANNEL_QUESTIONS.get(channel, (Question.OVERALL,)) if q != Question.OVERALL
        ]
        for question in self.questions:
            self.fields[f"score_{question}"] = forms.ChoiceField(
                label=question.label,
                choices=LEVEL_CHOICES,
                required=False,
                widget=forms.RadioSelect,
                error_messages=LEVEL_MESSAGES,
            )

    def question_fields(self):
        return [self[f"score_{q}"] for q in self.questions]

    def scores(self) -> dict:
        data = self.cleaned_data
        return {str(q): data.get(f"score_{q}") or None for q in self.questions}


class NewVisitForm(forms.Form):
    case_number = forms.CharField(
        label=_("办件编号"),
        max_length=32,
        error_messages={"required": _("请输入办件编号")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "DY…"}),
    )


class SpotCheckForm(RatingForm):
    """A supervisor's spot check (督查抽评) of a window, a department or a case."""

    window = forms.ModelChoiceField(
        label=_("被评价窗口"), queryset=None, required=False, empty_label=_("（不选）")
    )
    department = forms.ModelChoiceField(
        label=_("被评价部门"), queryset=None, required=False, empty_label=_("（不选）")
    )
    case_number = forms.CharField(label=_("办件编号（可选）"), max_length=32, required=False)

    field_order = ["window", "department", "case_number", "level", "comment"]

    def __init__(self, *args, **kwargs):
        kwargs["channel"] = RatingChannel.SPOT_CHECK
        super().__init__(*args, **kwargs)
        self.fields["window"].queryset = selectors.spot_check_windows()
        self.fields["department"].queryset = selectors.active_departments()
        for name in ("window", "department"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def clean(self):
        data = super().clean()
        if not (data.get("window") or data.get("department") or data.get("case_number")):
            raise forms.ValidationError(_("请选择被评价的窗口、部门或办件"))
        return data


class FilterForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("评价渠道"),
        required=False,
        choices=[("", _("全部渠道")), *RatingChannel.choices],
    )
    level = forms.TypedChoiceField(
        label=_("评价等级"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("全部等级")), *LEVEL_CHOICES],
    )
    bad_only = forms.BooleanField(label=_("只看差评"), required=False)
    department = forms.ModelChoiceField(
        label=_("部门"), queryset=None, required=False, empty_label=_("全部部门")
    )
    month = forms.DateField(
        label=_("月份"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": _("月份格式应为 2026-01")},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = selectors.filter_departments(user)

    def filters(self) -> selectors.RatingFilters:
        if not self.is_valid():
            return selectors.RatingFilters()
        data = self.cleaned_data
        department = data.get("department")
        return selectors.RatingFilters(
            channel=data.get("channel") or "",
            level=data.get("level"),
            bad_only=bool(data.get("bad_only")),
            department=department.pk if department else None,
            month=data.get("month"),
        )
