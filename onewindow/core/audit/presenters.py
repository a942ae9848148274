"""How an event is shown in pages, exports and the API; personal data masked again."""

import json

from django.utils import timezone

from . import constants as c
from .jsonsafe import clean_text, json_safe
from .models import AuditEvent


def json_text(value) -> str:
    if value is None:
        return ""
    return json.dumps(json_safe(value), ensure_ascii=False, sort_keys=True)


def object_label(event: AuditEvent) -> str:
    if event.object_repr:
        return clean_text(event.object_repr)
    if event.object_type:
        return f"{event.object_type} #{event.object_id}" if event.object_id else event.object_type
    return ""


def as_row(event: AuditEvent) -> dict:
    """The display values of one event, all plain strings except the time."""
    return {
        "id": event.pk,
        "occurred_at": timezone.localtime(event.occurred_at),
        "actor": clean_text(event.actor_name),
        "action": event.action,
        "action_label": c.action_label(event.action),
        "object": object_label(event),
        "object_type": event.object_type,
        "object_id": event.object_id,
        "result": event.result,
        "result_label": str(c.Result(event.result).label)
        if event.result in c.Result.values
        else event.result,
        "ip_address": event.ip_address or "",
        "before": json_text(event.before),
        "after": json_text(event.after),
        "summary": clean_text(event.summary),
    }
