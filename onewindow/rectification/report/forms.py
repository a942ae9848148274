"""Forms of the progress report: the leaders' narrative and the public feedback.

Forms parse only; sizes and rules are checked by the services, whose Chinese messages
are put back beside the fields (core.forms.show_error).
"""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..constants import TEXT_MAX_LENGTH, TITLE_MAX_LENGTH
from .services import FEEDBACK_MAX_LENGTH, FEEDBACK_NAME_MAX_LENGTH, SHORT_TEXT_MAX_LENGTH

# The tokens are part of the Chinese report text, so they stay out of the translation.
_TOKENS = "{方面数} {问题数} {已完成问题数} {正在推进问题数} {措施数} {已销号措施数} {问责人数}"


def _placeholder_help() -> str:
    return gettext(
        "可使用占位符，生成时替换为台账中的数字：%(tokens)s；%(rules)s 替换为台账登记的制度名称。"
        "以%(heading)s开头的段落，其第一句按二级标题排版。"
    ) % {"tokens": _TOKENS, "rules": "{制度}", "heading": "“（一）”"}


PLACEHOLDER_HELP = lazy(_placeholder_help, str)()


def _area(rows=6, limit=TEXT_MAX_LENGTH):
    return forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": limit}),
    )


class NarrativeForm(forms.Form):
    title = forms.CharField(
        label=_("标题"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": TITLE_MAX_LENGTH}),
    )
    work_done = _area(10)
    next_steps = _area(10)
    closing = _area(2)
    contact_phone = forms.CharField(label=_("联系电话"), required=False)
    contact_mailbox = forms.CharField(label=_("邮政信箱"), required=False)
    contact_email = forms.CharField(label=_("电子邮箱"), required=False)
    signature = forms.CharField(label=_("落款单位"), required=False)
    state_measures = forms.BooleanField(label=_("在开头写明整改措施总数和已销号数"), required=False)

    def __init__(self, report, structure: dict, *args, **kwargs):
        narrative = report.narrative or {}
        initial = {"title": report.title}
        initial.update({k: narrative.get(k, "") for k in self.base_fields if k != "title"})
        initial["state_measures"] = narrative.get("state_measures", True) is not False
        self.problem_fields = []
        self.category_fields = []
        for category in structure["feedback"]["categories"]:
            entries = [(category, category["problems"])]
            entries += [(child, child["problems"]) for child in category.get("children", [])]
            for heading, problems in entries:
                initial[f"category_{heading['id']}"] = (narrative.get("category_notes") or {}).get(
                    str(heading["id"]), ""
                )
                self.category_fields.append(f"category_{heading['id']}")
                for problem in problems:
                    name = f"problem_{problem['id']}"
                    initial[name] = (narrative.get("problem_texts") or {}).get(
                        str(problem["id"]), ""
                    )
                    self.problem_fields.append(name)
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.fields["work_done"].label = _("一、整改工作开展情况")
        self.fields["work_done"].help_text = PLACEHOLDER_HELP
        self.fields["next_steps"].label = _("三、下一步努力方向")
        self.fields["closing"].label = _("结束语")
        for name in ("contact_phone", "contact_mailbox", "contact_email", "signature"):
            self.fields[name].widget.attrs["maxlength"] = SHORT_TEXT_MAX_LENGTH
        for category in structure["feedback"]["categories"]:
            headings = [category, *category.get("children", [])]
            for heading in headings:
                field = _area(3)
                field.label = _("%(label)s%(title)s：本方面说明") % {
                    "label": heading["label"],
                    "title": heading["title"],
                }
                field.help_text = _(
                    "可留空；没有问题的方面（如问题线索、信访件办理情况）在此说明。"
                )
                self.fields[f"category_{heading['id']}"] = field
                for problem in heading["problems"]:
                    field = _area(4)
                    field.label = problem["lead"]
                    field.help_text = _(
                        "留空则按各项整改措施的最新进展自动生成；涉密或正在办理的案件等不宜公开的内容，"
                        "可在此改写。"
                    )
                    self.fields[f"problem_{problem['id']}"] = field

    def narrative(self) -> dict:
        data = self.cleaned_data
        out = {
            k: data.get(k, "")
            for k in (
                "work_done",
                "next_steps",
                "closing",
                "contact_phone",
                "contact_mailbox",
                "contact_email",
                "signature",
            )
        }
        out["state_measures"] = bool(data.get("state_measures"))
        out["problem_texts"] = {
            name.split("_", 1)[1]: data.get(name, "") for name in self.problem_fields
        }
        out["category_notes"] = {
            name.split("_", 1)[1]: data.get(name, "") for name in self.category_fields
        }
        return out


class FeedbackForm(forms.Form):
    name = forms.CharField(
        label=_("姓名（选填）"),
        required=False,
        widget=forms.TextInput(
            attrs={"maxlength": FEEDBACK_NAME_MAX_LENGTH, "autocomplete": "name"}
        ),
    )
    phone = forms.CharField(
        label=_("手机号码（选填，便于回访）"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    content = forms.CharField(
        label=_("意见建议"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": FEEDBACK_MAX_LENGTH}),
        help_text=_("不超过1000字。"),
    )
