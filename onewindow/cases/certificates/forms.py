"""Forms of the certificates area: delivery at the window or by post, revocation.

They only parse; the services validate and decide (their errors go back on the form).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..constants import REASON_MAX_LENGTH, DeliveryMethod
from .delivery import ADDRESS_MAX, COURIER_MAX, RECIPIENT_MAX, TRACKING_MAX


class DeliveryForm(forms.Form):
    method = forms.ChoiceField(
        label=_("送达方式"),
        # 电子送达 is the holder's own receipt in the 站内信, never registered here.
        choices=[
            (DeliveryMethod.WINDOW, DeliveryMethod.WINDOW.label),
            (DeliveryMethod.POST, DeliveryMethod.POST.label),
        ],
        initial=DeliveryMethod.WINDOW,
        widget=forms.RadioSelect,
    )
    recipient = forms.CharField(
        label=_("领取人或收件人"),
        max_length=RECIPIENT_MAX,
        required=False,
        help_text=_("窗口领取时必填；邮寄时默认为申请人"),
    )
    address = forms.CharField(
        label=_("邮寄地址"), max_length=ADDRESS_MAX, required=False, help_text=_("邮寄送达时必填")
    )
    courier = forms.CharField(
        label=_("寄递企业"), max_length=COURIER_MAX, required=False, help_text=_("如：中国邮政EMS")
    )
    tracking_number = forms.CharField(
        label=_("运单号"), max_length=TRACKING_MAX, required=False, help_text=_("邮寄送达时必填")
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("注销原因"), max_length=REASON_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
