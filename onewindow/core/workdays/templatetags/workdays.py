"""{% load workdays %}{% calendar_warning as message %}: the unverified-year warning."""

from django import template

from ..selectors import unverified_warning

register = template.Library()


@register.simple_tag
def calendar_warning():
    return unverified_warning()
