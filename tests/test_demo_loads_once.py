"""`make demo` loads the demo data every time it starts: a second load changes nothing."""

import pytest
from django.apps import apps

from onewindow.core import demo


def _row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in ("sessions", "axes", "contenttypes", "auth")
    }


@pytest.mark.django_db
def test_loading_the_demo_twice_changes_nothing():
    first = dict(demo.load_all())
    after_first = _row_counts()
    second = dict(demo.load_all())
    assert _row_counts() == after_first  # audit events included: nothing was written
    assert after_first["accounts.User"] > 80 and after_first["catalog.ServiceItem"] > 300
    assert first["账号"]["created"] > 0 and second["账号"]["created"] == 0
    assert second["政务服务事项"]["created"] == 0
