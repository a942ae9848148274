"""Forms of the window's pages. They parse; the services decide (and say what is wrong).

Each action form on the case page has its own prefix, so several can sit on one page
without clashing ids; the view picks the form by the posted ``action``.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.constants import AccountKind

from ..constants import REASON_MAX_LENGTH

_TEXTAREA = forms.Textarea(attrs={"rows": 3})


def _material_choices(materials):
    return [(str(m.material_type_id), m.name) for m in materials]


class ReasonForm(forms.Form):
    """不予受理: the reason told to the applicant (the service requires it)."""

    reason = forms.CharField(
        label=_("不予受理理由"), required=False, max_length=REASON_MAX_LENGTH, widget=_TEXTAREA
    )


class DeficiencyForm(forms.Form):
    """一次性告知: every missing material, preselected with the missing required ones."""

    missing = forms.MultipleChoiceField(
        label=_("需要补正的材料"), required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label=_("补正说明"), required=False, max_length=REASON_MAX_LENGTH, widget=_TEXTAREA
    )

    def __init__(self, *args, materials=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["missing"].choices = _material_choices(materials)


class ConditionalForm(forms.Form):
    """容缺受理: the missing non-core materials, the promise date and the signature."""

    missing = forms.MultipleChoiceField(
        label=_("容缺材料"), required=False, widget=forms.CheckboxSelectMultiple
    )
    promise_date = forms.DateField(
        label=_("承诺补齐日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    signed = forms.BooleanField(label=_("申请人已签署承诺书"), required=False)
    signed_by = forms.CharField(label=_("签署人"), required=False, max_length=100)

    def __init__(self, *args, materials=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["missing"].choices = _material_choices(materials)


class SupplyForm(forms.Form):
    """The window receives promised (容缺) materials."""

    supplied = forms.MultipleChoiceField(
        label=_("本次补齐的材料"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, materials=(), label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplied"].choices = _material_choices(materials)
        if label:
            self.fields["supplied"].label = label


class DispatchForm(forms.Form):
    """分送: one or more departments review in parallel."""

    departments = forms.MultipleChoiceField(
        label=_("承办部门"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].choices = [(str(d.pk), d.name) for d in departments]


class ConcludeForm(forms.Form):
    note = forms.CharField(
        label=_("办结说明"), required=False, max_length=REASON_MAX_LENGTH, widget=_TEXTAREA
    )


class WindowSubmitForm(forms.Form):
    """A window draft: the materials received at the window, then the item's form."""

    supplied = forms.MultipleChoiceField(
        label=_("窗口已收取的材料"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, materials=(), form_fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplied"].choices = [(str(m.material_type.pk), m.name) for m in materials]
        self.item_fields = list(form_fields)
        for f in self.item_fields:
            widget = forms.Textarea(attrs={"rows": 3}) if f.field_type == "long_text" else None
            if f.field_type == "choice":
                self.fields[f"field_{f.key}"] = forms.ChoiceField(
                    label=f.label,
                    required=False,
                    choices=[("", "—")] + [(str(c), str(c)) for c in (f.choices or [])],
                )
            elif f.field_type == "date":
                self.fields[f"field_{f.key}"] = forms.CharField(
                    label=f.label,
                    required=False,
                    widget=forms.DateInput(attrs={"type": "date"}),
                )
            else:
                self.fields[f"field_{f.key}"] = forms.CharField(
                    label=f.label,
                    required=False,
                    max_length=max(f.max_length or 0, 200),
                    widget=widget,
                )
            self.fields[f"field_{f.key}"].item_required = f.required

    def form_data(self) -> dict:
        """The item form's raw values by field key (cleaned by the application service)."""
        return {f.key: self.cleaned_data.get(f"field_{f.key}", "") for f in self.item_fields}


# -- applying on someone's behalf -------------------------------------------------------


class NoEchoInput(forms.TextInput):
    """Personal data is never sent back to the browser, not even what was just typed."""

    def format_value(self, value):
        return None


APPLICANT_KIND_CHOICES = [
    (AccountKind.CITIZEN.value, _("个人（身份证号码）")),
    (AccountKind.ENTERPRISE.value, _("企业（统一社会信用代码）")),
]


class ApplicantLookupForm(forms.Form):
    kind = forms.ChoiceField(label=_("申请人类别"), choices=APPLICANT_KIND_CHOICES)
    identifier = forms.CharField(
        label=_("证件号码"),
        max_length=18,
        widget=NoEchoInput(attrs={"autocomplete": "off"}),
        help_text=_("个人填写18位身份证号码，企业填写18位统一社会信用代码"),
    )


class RegisterApplicantForm(forms.Form):
    """The person found by nobody: the ID number or credit code comes sealed from the lookup."""

    identity = forms.CharField(widget=forms.HiddenInput)
    display_name = forms.CharField(label=_("姓名或企业名称"), max_length=100, required=False)
    contact_name = forms.CharField(label=_("联系人（企业）"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        required=False,
        widget=NoEchoInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )


class StartForm(forms.Form):
    """The item or 一件事 the applicant applies for (a value "item:CODE" or "bundle:CODE")."""

    target = forms.ChoiceField(label=_("申请事项"))
    applicant = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, items=(), bundles=(), **kwargs):
        super().__init__(*args, **kwargs)
        item_choices = [(f"item:{i.code}", f"{i.name}（{i.code}）") for i in items]
        bundle_choices = [(f"bundle:{b.code}", b.name) for b in bundles]
        choices = [("", _("请选择事项"))]
        if item_choices:
            choices.append((_("政务服务事项"), item_choices))
        if bundle_choices:
            choices.append((_("一件事"), bundle_choices))
        self.fields["target"].choices = choices
