"""Management forms. They only parse what was typed; the services validate and save.

Materials, form fields and steps are typed one per line with columns separated by "|",
which survives copy and paste from the bureau's spreadsheets and needs no JavaScript:

    材料：名称|形式|份数|来源|必要|可容缺|标准材料
    表单：标识|名称|类型|必填|可选值（用、分隔）|最大长度
    环节：名称|说明
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from onewindow.core.errors import DomainError

from .constants import ApplicantType, DelegationLevel, ItemKind, LifeEvent, ReformList

MATERIAL_COLUMNS = (
    "name",
    "form",
    "copies",
    "source",
    "required",
    "conditional_eligible",
    "material_type",
)
FORM_FIELD_COLUMNS = ("key", "label", "field_type", "required", "choices", "max_length")
STEP_COLUMNS = ("name", "description")
MAX_ROWS = 200
CODES_RE = re.compile(r"[\s,，、;；]+")


def _rows(text: str, columns: tuple[str, ...], label) -> list[dict]:
    rows = []
    lines = [line for line in (text or "").splitlines() if line.strip()]
    if len(lines) > MAX_ROWS:
        raise forms.ValidationError(_("%(label)s最多%(max)s行") % {"label": label, "max": MAX_ROWS})
    for n, line in enumerate(lines, start=1):
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > len(columns):
            raise forms.ValidationError(
                _("%(label)s第%(n)s行的列数过多（最多%(max)s列，用“|”分隔）")
                % {"label": label, "n": n, "max": len(columns)}
            )
        rows.append({k: v for k, v in zip(columns, cells, strict=False) if v != ""})
    return rows


def _bool_text(value: bool) -> str:
    return str(_("是")) if value else str(_("否"))


def materials_text(materials) -> str:
    return "\n".join(
        "|".join(
            [
                m.name,
                m.get_form_display(),
                str(m.copies),
                m.get_source_display(),
                _bool_text(m.required),
                _bool_text(m.conditional_eligible),
                m.material_type.name,
            ]
        )
        for m in materials
    )


def form_fields_text(fields) -> str:
    return "\n".join(
        "|".join(
            [
                f.key,
                f.label,
                f.get_field_type_display(),
                _bool_text(f.required),
                "、".join(f.choices or []),
                str(f.max_length),
            ]
        )
        for f in fields
    )


def steps_text(steps) -> str:
    return "\n".join(f"{s.name}|{s.description}" if s.description else s.name for s in steps)


def codes(text: str) -> list[str]:
    return [c for c in CODES_RE.split(text or "") if c]


def show_service_error(form, exc: DomainError) -> None:
    """Each service message beside its form field ("materials.2.name" → materials)."""
    placed = False
    for field, messages in (exc.errors or {}).items():
        base = str(field).split(".")[0]
        target = base if base in form.fields else None
        for message in messages:
            form.add_error(target, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


def _text(label, *, max_length=None, required=False, rows=None, help_text=""):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=widget,
        help_text=help_text,
        strip=True,
    )


def _number(label, *, required=True):
    # Text, not IntegerField: the service gives the message ("…不能为负数").
    return forms.CharField(
        label=label,
        required=required,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class ItemForm(forms.Form):
    """A draft's guide and its parts. ``code``/``department`` only when creating."""

    code = _text(_("事项编码"), max_length=64, required=True)
    department = forms.ChoiceField(label=_("实施部门"))
    name = _text(_("事项名称"), max_length=200, required=True)
    kind = forms.ChoiceField(label=_("事项类型"), choices=ItemKind.choices)
    applicant_type = forms.ChoiceField(label=_("服务对象"), choices=ApplicantType.choices)
    legal_basis = _text(_("设定依据"), rows=3)
    applicant_scope = _text(_("申请人范围"), rows=2)
    conditions = _text(_("受理条件"), rows=3)
    statutory_limit_days = _number(_("法定办结时限（工作日）"))
    promised_limit_days = _number(_("承诺办结时限（工作日）"))
    fee = forms.CharField(label=_("收费标准（元）"), required=False, max_length=20)
    fee_basis = _text(_("收费依据"), rows=2)
    place = _text(_("办理地点"), max_length=200)
    hours = _text(_("办理时间"), max_length=200)
    enquiry_phone = _text(_("咨询电话"), max_length=50)
    complaint_phone = _text(_("投诉电话"), max_length=50)
    online_url = _text(_("网上办理地址"), max_length=200)
    visits_needed = _number(_("到现场次数"), required=False)
    life_events = forms.MultipleChoiceField(
        label=_("主题分类"),
        choices=LifeEvent.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    materials = _text(
        _("申请材料"),
        rows=6,
        help_text=_(
            "每行一项：名称|形式|份数|来源|必要|可容缺|标准材料。"
            "形式：原件、复印件、原件和复印件、电子材料；来源：申请人自备、政府部门核发、"
            "中介机构出具、其他；必要、可容缺填“是”或“否”；标准材料用于一件事合并材料，"
            "不填则同材料名称。"
        ),
    )
    form_fields = _text(
        _("表单字段"),
        rows=4,
        help_text=_(
            "每行一项：标识|名称|类型|必填|可选值|最大长度。标识用英文字母、数字或下划线；"
            "类型：文本、多行文本、数字、日期、单选、身份证号码、手机号码、统一社会信用代码；"
            "单选的可选值用“、”分隔。"
        ),
    )
    steps = _text(_("办理环节"), rows=4, help_text=_("每行一个环节：名称|说明"))
    change_note = _text(_("修订说明"), max_length=200)

    GUIDE = (
        "name",
        "kind",
        "applicant_type",
        "legal_basis",
        "applicant_scope",
        "conditions",
        "statutory_limit_days",
        "promised_limit_days",
        "fee",
        "fee_basis",
        "place",
        "hours",
        "enquiry_phone",
        "complaint_phone",
        "online_url",
        "visits_needed",
        "life_events",
        "change_note",
    )

    def __init__(self, *args, departments=None, creating=True, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            self.fields["department"].choices = [("", "—")] + [
                (d.code, d.name) for d in departments or []
            ]
        else:
            del self.fields["code"]
            del self.fields["department"]

    def clean_materials(self):
        return _rows(self.cleaned_data.get("materials"), MATERIAL_COLUMNS, _("申请材料"))

    def clean_form_fields(self):
        return _rows(self.cleaned_data.get("form_fields"), FORM_FIELD_COLUMNS, _("表单字段"))

    def clean_steps(self):
        return _rows(self.cleaned_data.get("steps"), STEP_COLUMNS, _("办理环节"))

    def guide(self) -> dict:
        return {k: self.cleaned_data.get(k) for k in self.GUIDE}

    @staticmethod
    def initial_for(version) -> dict:
        initial = {k: getattr(version, k) for k in ItemForm.GUIDE}
        initial["materials"] = materials_text(version.materials.all())
        initial["form_fields"] = form_fields_text(version.form_fields.all())
        initial["steps"] = steps_text(version.steps.all())
        return initial


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=500, widget=forms.Textarea({"rows": 3}))


class ListEntryForm(forms.Form):
    list_code = forms.ChoiceField(
        label=_("清单"), choices=[c for c in ReformList.choices if c[0] != ReformList.CHAIN]
    )
    level = forms.ChoiceField(
        label=_("下沉层级"),
        required=False,
        choices=[("", "—"), *DelegationLevel.choices],
        help_text=_("仅下沉清单需要选择"),
    )


class BundleForm(forms.Form):
    code = _text(_("一件事编码"), max_length=64, required=True)
    name = _text(_("名称"), max_length=200, required=True)
    lead_department = forms.ChoiceField(label=_("牵头部门"))
    items = _text(
        _("包含的事项"),
        rows=4,
        required=True,
        help_text=_("填写事项编码，每行一个（或用逗号、空格分隔），至少两个"),
    )
    steps = _text(_("办理环节"), rows=4, help_text=_("每行一个环节：名称|说明"))
    promised_limit_days = _number(_("承诺办结时限（工作日）"), required=False)
    at_general_window = forms.BooleanField(label=_("在综合窗口办理"), required=False)
    description = _text(_("说明"), rows=3)
    life_events = forms.MultipleChoiceField(
        label=_("主题分类"),
        choices=LifeEvent.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    publish = forms.BooleanField(label=_("发布"), required=False)

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_department"].choices = [("", "—")] + [
            (d.code, d.name) for d in departments or []
        ]

    def clean_items(self):
        return codes(self.cleaned_data.get("items"))

    def clean_steps(self):
        return _rows(self.cleaned_data.get("steps"), STEP_COLUMNS, _("办理环节"))

    @staticmethod
    def initial_for(bundle) -> dict:
        return {
            "code": bundle.code,
            "name": bundle.name,
            "lead_department": bundle.lead_department.code,
            "items": "\n".join(link.item.code for link in bundle.bundle_items.all()),
            "steps": steps_text(bundle.steps.all()),
            "promised_limit_days": bundle.promised_limit_days,
            "at_general_window": bundle.at_general_window,
            "description": bundle.description,
            "life_events": bundle.life_events,
            "publish": bundle.is_published,
        }


class IndustryForm(forms.Form):
    code = _text(_("行业编码"), max_length=64, required=True)
    name = _text(_("行业名称"), max_length=100, required=True)
    lead_department = forms.ChoiceField(label=_("牵头部门"))
    replaced_items = _text(
        _("整合的许可事项"),
        rows=4,
        required=True,
        help_text=_("填写事项编码，每行一个（或用逗号、空格分隔）"),
    )
    notice = _text(_("一次告知"), rows=4)
    promised_limit_days = _number(_("承诺办结时限（工作日）"), required=False)

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_department"].choices = [("", "—")] + [
            (d.code, d.name) for d in departments or []
        ]

    def clean_replaced_items(self):
        return codes(self.cleaned_data.get("replaced_items"))

    @staticmethod
    def initial_for(industry) -> dict:
        return {
            "code": industry.code,
            "name": industry.name,
            "lead_department": industry.lead_department.code,
            "replaced_items": "\n".join(i.code for i in industry.replaced_items.all()),
            "notice": industry.notice,
            "promised_limit_days": industry.promised_limit_days,
        }
