"""Small text helpers for lists shown to people."""

from django.utils.translation import gettext as _


def join_names(items) -> str:
    """Join names with the enumeration comma in Chinese (、) or ", " in English."""
    return _("、").join(str(item) for item in items)
