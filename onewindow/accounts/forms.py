"""Forms: they only parse input; the services decide and say what is wrong."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .constants import Role, TokenScope
from .models import ADMIN_ROLE_CHOICES, GRANTABLE_ROLE_CHOICES

# Generous limits so an over-long value reaches the service's clear message, but a
# megabyte of text does not.
_TEXT = {"max_length": 200, "required": False}


class LoginForm(AuthenticationForm):
    error_messages = {
        # The same answer for an unknown user and a wrong password.
        "invalid_login": _("登录名或密码不正确"),
        "inactive": _("登录名或密码不正确"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("登录名")
        self.fields["password"].label = _("密码")


class CitizenRegistrationForm(forms.Form):
    username = forms.CharField(label=_("登录名"), **_TEXT)
    display_name = forms.CharField(label=_("姓名"), **_TEXT)
    id_number = forms.CharField(label=_("身份证号码"), **_TEXT)
    phone = forms.CharField(label=_("手机号码"), **_TEXT)
    password = forms.CharField(
        label=_("密码"), widget=forms.PasswordInput, max_length=256, required=False
    )


class EnterpriseRegistrationForm(forms.Form):
    username = forms.CharField(label=_("登录名"), **_TEXT)
    enterprise_name = forms.CharField(label=_("企业名称"), **_TEXT)
    uscc = forms.CharField(label=_("统一社会信用代码"), **_TEXT)
    contact_name = forms.CharField(label=_("联系人"), **_TEXT)
    phone = forms.CharField(label=_("联系人手机号码"), **_TEXT)
    password = forms.CharField(
        label=_("密码"), widget=forms.PasswordInput, max_length=256, required=False
    )


def check_repeated(form, data: dict, field: str, again: str) -> None:
    """The new password typed twice must be the same twice."""
    if data.get(field) != data.get(again):
        form.add_error(again, _("两次输入的新密码不一致"))


class NotificationChannelsForm(forms.Form):
    """通知设置: the 站内信 is always on and is not a field here."""

    sms = forms.BooleanField(label=_("短信通知"), required=False)
    email = forms.BooleanField(label=_("电子邮件通知"), required=False)


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label=_("原密码"), widget=forms.PasswordInput, max_length=256)
    new_password = forms.CharField(label=_("新密码"), widget=forms.PasswordInput, max_length=256)
    new_password_again = forms.CharField(
        label=_("再次输入新密码"), widget=forms.PasswordInput, max_length=256
    )

    def clean(self):
        data = super().clean()
        check_repeated(self, data, "new_password", "new_password_again")
        return data


class ActivationForm(forms.Form):
    username = forms.CharField(label=_("账号"), max_length=150)
    code = forms.CharField(
        label=_("开通码"), max_length=20, help_text=_("账号开通凭证上的8位开通码")
    )
    id_tail = forms.CharField(
        label=_("证件号码后四位"),
        max_length=8,
        help_text=_("个人填身份证号码后四位，企业填统一社会信用代码后四位"),
    )
    password = forms.CharField(label=_("新密码"), widget=forms.PasswordInput, max_length=256)
    password_again = forms.CharField(
        label=_("确认新密码"), widget=forms.PasswordInput, max_length=256
    )

    def clean(self):
        data = super().clean()
        check_repeated(self, data, "password", "password_again")
        return data


class OtpTokenForm(forms.Form):
    token = forms.RegexField(
        label=_("动态口令"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("请输入6位数字动态口令")},
    )


class OtpEnrolForm(forms.Form):
    """The password typed again before a new second-factor secret is shown."""

    password = forms.CharField(
        label=_("登录密码"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        max_length=256,
    )


_REASON_HELP = _("授予、撤销管理员角色或停用管理员，须由另一类管理员审批，并填写理由")


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=GRANTABLE_ROLE_CHOICES + ADMIN_ROLE_CHOICES)
    reason = forms.CharField(
        label=_("申请理由"), max_length=200, required=False, help_text=_REASON_HELP
    )

    def clean_role(self):
        return Role(self.cleaned_data["role"])


class DisableForm(forms.Form):
    reason = forms.CharField(
        label=_("停用原因"), max_length=200, required=False, help_text=_REASON_HELP
    )


class AdminChangeDecisionForm(forms.Form):
    decision_note = forms.CharField(
        label=_("审批意见"), max_length=200, required=False, help_text=_("驳回时必填")
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("令牌用途"), max_length=60)
    days = forms.IntegerField(label=_("有效天数"), min_value=1, max_value=366, initial=90)
    scopes = forms.MultipleChoiceField(
        label=_("权限范围"),
        choices=TokenScope.choices,
        initial=[TokenScope.READ],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("只勾选调用方需要的权限；修改密码、停用或角色变更后令牌自动吊销"),
    )


class PasswordResetRequestForm(forms.Form):
    username = forms.CharField(label=_("账号"), max_length=150)


class PasswordResetConfirmForm(ActivationForm):
    """The activation form, for the code a reset request sent to the phone."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("验证码")
        self.fields["code"].help_text = _("短信收到的8位验证码，%(minutes)s分钟内有效") % {
            "minutes": 15
        }
