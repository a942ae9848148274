"""Deployment checks: production must not carry a superuser or the demo accounts."""

from django.conf import settings
from django.core.checks import Error, register
from django.db import DatabaseError


@register("security", deploy=True)
def no_superuser_in_production(app_configs, **kwargs):
    if not settings.PRODUCTION:
        return []
    from .demo import DEMO_USERNAMES
    from .models import User

    try:
        found = User.objects.filter(is_superuser=True).exists()
        demo = User.objects.filter(username__in=DEMO_USERNAMES).exists()
    except DatabaseError:
        return []  # the database is not set up yet: nothing to check
    errors = []
    if found:
        errors.append(Error("生产环境不得存在超级用户（三员分立）", id="onewindow.E001"))
    if demo:
        errors.append(Error("生产环境不得存在演示账号", id="onewindow.E002"))
    return errors
