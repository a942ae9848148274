"""Forms of the applicant's pages: the online application, the supplement, tracking.

The application form is built from the item's form fields (catalog ``FormField``) and its
materials. Its fields only collect input: every rule (required, type, choices, length,
the files' content) is checked by application.py, which puts its Chinese messages back
beside each field (``show_errors``).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.catalog.constants import FieldType

from ..constants import DeliveryMethod
from .application import material_field, material_type_id, reuse_field
from .uploads import ACCEPT_ATTRIBUTE


class UnechoedInput(forms.TextInput):
    """An input that never sends what was typed back to the page (ID numbers, phones)."""

    def format_value(self, value):
        return None


def _widget(f):
    kind = f.field_type
    attrs = {"autocomplete": "off"}
    if f.max_length:
        attrs["maxlength"] = f.max_length
    if kind == FieldType.LONG_TEXT:
        return forms.Textarea(attrs={**attrs, "rows": 3})
    if kind == FieldType.NUMBER:
        return forms.TextInput(attrs={**attrs, "inputmode": "decimal"})
    if kind == FieldType.DATE:
        return forms.DateInput(attrs={"type": "date"})
    # Personal data is never echoed back in full, not even to its owner after an error.
    if kind == FieldType.PHONE:
        return UnechoedInput(attrs={**attrs, "type": "tel", "inputmode": "numeric"})
    if kind == FieldType.ID_NUMBER:
        return UnechoedInput(attrs=attrs)
    return forms.TextInput(attrs=attrs)


def form_field(f) -> forms.Field:
    """A Django field for a catalogue form field (validation is the service's)."""
    if f.field_type == FieldType.CHOICE:
        choices = [("", _("请选择"))] + [(str(c), str(c)) for c in f.choices or []]
        field = forms.ChoiceField(label=f.label, choices=choices, required=False)
        # Any text reaches the service, which answers in Chinese (no Django message).
        field.validate = lambda value: None
    else:
        field = forms.CharField(label=f.label, required=False, strip=False, widget=_widget(f))
    field.ow_required = f.required
    field.ow_type = f.field_type
    return field


class MaterialsMixin:
    """A file input per material and, when the library has one, a "reuse it" checkbox."""

    def add_materials(self, materials, library) -> None:
        self.material_rows = []
        for m in materials:
            type_id = material_type_id(m)
            upload = forms.FileField(
                label=m.name,
                required=False,
                widget=forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE, "data-ow-upload": "1"}),
            )
            self.fields[material_field(type_id)] = upload
            doc = library.get(type_id)
            if doc is not None:
                self.fields[reuse_field(type_id)] = forms.BooleanField(
                    label=_("使用材料库中的文件"), required=False, initial=True
                )
            self.material_rows.append(
                {
                    "material": m,
                    "type_id": type_id,
                    "upload": self[material_field(type_id)],
                    "reuse": self[reuse_field(type_id)] if doc is not None else None,
                    "document": doc,
                }
            )

    def files_by_material(self) -> dict[int, object]:
        out = {}
        for row in self.material_rows:
            value = self.cleaned_data.get(material_field(row["type_id"]))
            if value:
                out[row["type_id"]] = value
        return out

    def reused(self) -> list[int]:
        return [
            row["type_id"]
            for row in self.material_rows
            if row["reuse"] is not None and self.cleaned_data.get(reuse_field(row["type_id"]))
        ]


class DeliveryChoiceMixin:
    """送达方式 on the application: 窗口领取, 邮寄送达 (with the address) or 电子送达 (with
    consent). Only collects; ``services.clean_delivery`` checks it, as for the API."""

    DELIVERY_FIELDS = ("delivery_method", "delivery_address", "e_delivery_consent")

    def add_delivery(self) -> None:
        self.fields["delivery_method"] = forms.ChoiceField(
            label=gettext_lazy("送达方式"),
            choices=DeliveryMethod.choices,
            initial=DeliveryMethod.WINDOW,
            required=False,
            widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        )
        self.fields["delivery_address"] = forms.CharField(
            label=gettext_lazy("邮寄地址"),
            required=False,
            max_length=400,
            widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
        )
        self.fields["e_delivery_consent"] = forms.BooleanField(
            label=gettext_lazy(
                "本人（本单位）同意以站内信方式电子送达审批决定和证照，签收即视为送达"
            ),
            required=False,
            widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        )

    def delivery(self) -> dict:
        return {
            "method": self.cleaned_data.get("delivery_method") or DeliveryMethod.WINDOW,
            "address": self.cleaned_data.get("delivery_address") or "",
            "consent": bool(self.cleaned_data.get("e_delivery_consent")),
        }


class DeliveryForm(DeliveryChoiceMixin, forms.Form):
    """The 送达方式 alone: the last step (确认提交) of the stepped application."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_delivery()


class ApplicationForm(DeliveryChoiceMixin, MaterialsMixin, forms.Form):
    def __init__(self, *args, target, library, **kwargs):
        super().__init__(*args, **kwargs)
        self.target = target
        self.form_keys = []
        for f in target.fields:
            self.fields[f.key] = form_field(f)
            self.form_keys.append(f.key)
        self.add_materials(target.materials, library)
        self.add_delivery()

    @property
    def form_rows(self):
        return [self[key] for key in self.form_keys]

    def form_data(self) -> dict:
        return {key: self.cleaned_data.get(key) or "" for key in self.form_keys}


class SupplementForm(MaterialsMixin, forms.Form):
    def __init__(self, *args, materials, library, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_materials(materials, library)


class TrackForm(forms.Form):
    number = forms.CharField(
        label=gettext_lazy("办件编号"),
        max_length=32,
        error_messages={"required": gettext_lazy("请填写办件编号")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "DY2026…"}),
    )
    phone = forms.CharField(
        label=gettext_lazy("申请人手机号码"),
        max_length=20,
        error_messages={"required": gettext_lazy("请填写申请人手机号码")},
        widget=UnechoedInput(attrs={"type": "tel", "inputmode": "numeric"}),
    )


def show_errors(form, exc) -> None:
    """A service's InvalidInput on the form: each message beside its field, the rest above."""
    errors = getattr(exc, "errors", None) or {}
    placed = False
    for name, messages in errors.items():
        for message in messages:
            if name in form.fields:
                form.add_error(name, message)
                placed = True
            else:
                form.add_error(None, message)
    if placed and not errors.get("__all__"):
        form.add_error(None, exc.message)
    if not errors:
        form.add_error(None, exc.message)
