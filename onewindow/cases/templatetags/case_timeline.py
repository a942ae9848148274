"""Template filters for case pages: the timeline's wording of an action code."""

from django import template

from onewindow.core.pii.masking import mask_text

from ..constants import ACTION_LABELS

register = template.Library()


@register.filter
def action_label(action) -> str:
    """The Chinese label of a case event's action ("accept" → 受理); unknown codes as they are."""
    return str(ACTION_LABELS.get(str(action), action))


@register.filter
def mask_pii(text) -> str:
    """Free text with every ID-number-like and phone-like run masked (notes, reasons)."""
    return mask_text(text) if text else ""
