"""Forms of the department pages. They parse; the review services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from onewindow.core.workdays.constants import PauseKind

from ..constants import REASON_MAX_LENGTH

# The pauses a department starts from its task page (补正 is the window's business).
PAUSE_CHOICES = [
    (PauseKind.EXPERT_REVIEW.value, PauseKind.EXPERT_REVIEW.label),
    (PauseKind.INSPECTION.value, PauseKind.INSPECTION.label),
    (PauseKind.HEARING.value, PauseKind.HEARING.label),
    (PauseKind.OTHER.value, PauseKind.OTHER.label),
]


class PauseForm(forms.Form):
    kind = forms.ChoiceField(label=_("暂停原因"), choices=PAUSE_CHOICES)
    reason = forms.CharField(
        label=_("暂停说明"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OpinionForm(forms.Form):
    """审查意见: optional when approving, required (by the rules) when refusing."""

    reason = forms.CharField(
        label=_("审查意见"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # The level the page showed (承办, 审核, 签发): another level by now is a 409.
    level = forms.CharField(required=False, max_length=10, widget=forms.HiddenInput)
