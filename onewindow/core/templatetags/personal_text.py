"""``{% personal_text obj "field" %}``: free text shown masked, with 查看原文 for allowed staff."""

from django import template

from onewindow.core.pii.reveal import may_reveal

register = template.Library()


def element_id(obj, field: str) -> str:
    return f"pt-{obj._meta.label_lower.replace('.', '-')}-{obj.pk}-{field}"


@register.inclusion_tag("core/personal_text.html", takes_context=True)
def personal_text(context, obj, field: str):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "text": getattr(obj, field),
        "can_reveal": user is not None and may_reveal(user, obj, field),
        "label": obj._meta.label_lower,
        "pk": obj.pk,
        "field": field,
        "element_id": element_id(obj, field),
    }
