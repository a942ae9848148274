from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RectificationConfig(AppConfig):
    name = "onewindow.rectification"
    verbose_name = _("巡察整改")

    def ready(self):
        from django.db.models.signals import post_migrate

        from onewindow.core.audit.constants import register_action_labels

        from .seeds import after_migrate

        # The list of forms again after a flush (which empties what migrations seeded).
        post_migrate.connect(after_migrate, sender=self)

        from .constants import LedgerAction

        labels = {f"rectification.{a.value}": a.label for a in LedgerAction}
        labels.update(
            {
                "rectification.inspection_create": _("登记巡察"),
                "rectification.category_add": _("新增问题类别"),
                "rectification.problem_add": _("新增问题"),
                "rectification.measure_add": _("新增整改措施"),
                "rectification.submit": _("申请销号"),
                "rectification.accept": _("领导验收"),
                "rectification.return": _("退回销号申请"),
                "rectification.confirm": _("巡察办确认"),
                "rectification.problem_close": _("问题销号"),
                "rectification.reopen": _("回头看重新打开措施"),
                "rectification.problem_reopen": _("回头看重新打开问题"),
                "rectification.output_add": _("登记整改成果"),
                "rectification.accountability_add": _("登记问责"),
                "rectification.accountability_type_add": _("增加问责方式"),
                "rectification.accountability_type_change": _("修改问责方式"),
                "rectification.ledger_import": _("导入整改台账"),
                "rectification.report.create": _("起草整改进展情况通报"),
                "rectification.report.edit": _("修改整改进展情况通报"),
                "rectification.report.publish": _("公开整改进展情况通报"),
                "rectification.report.download": _("下载整改进展情况通报"),
                "rectification.report.feedback": _("整改通报意见反馈"),
            }
        )
        register_action_labels(labels)
