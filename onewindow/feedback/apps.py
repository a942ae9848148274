from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "onewindow.feedback"
    verbose_name = _("好差评与诉求")

    def ready(self):
        from onewindow.core.audit.constants import register_action_labels

        from . import reveal
        from .orders.workflow import ACTION_LABELS

        reveal.register()

        labels = {f"feedback.order.{code}": label for code, label in ACTION_LABELS.items()}
        labels.update(
            {
                "feedback.token_issue": _("生成评价码"),
                "feedback.rating_submit": _("提交评价"),
                "feedback.rating.appeal": _("差评申诉"),
                "feedback.rating.appeal_decided": _("审核差评申诉"),
                "feedback.demo_load": _("载入好差评演示数据"),
                "rating.provincial_push": _("评价推送省平台"),
            }
        )
        register_action_labels(labels)
