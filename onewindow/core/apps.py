from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "onewindow.core"
    verbose_name = _("公共内核")

    def ready(self):
        from . import checks  # noqa: F401 - registers the deployment checks
        from .pii import crypto

        # Known-answer tests for SM3 and SM4 before any request is served.
        crypto.self_test()
        # The request id nginx assigns follows the request into its Celery tasks.
        from .request_id import connect_celery_signals

        connect_celery_signals()
