"""The governance registers in the Django admin (the project's audited site): read-only
reference, because every change goes through the services (rules, quorum, chains, audit).

Confidential records stay out (docs/governance.md "Access"): a talk is listed without its
content, and a selection's records, candidates' checks and objections are not shown at all;
they are read on their own pages, where every read is audited. Free text appears masked.
"""

from django.contrib import admin

from onewindow.core.admin_readonly import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    AgendaItem,
    Asset,
    AuditSample,
    Contract,
    EducationSession,
    Expenditure,
    ExpenditureSignature,
    InventoryCount,
    KeyPost,
    Meeting,
    Milestone,
    PartyLifeMeeting,
    Payment,
    Reconciliation,
    RiskPoint,
    Selection,
    StudySession,
    StudyTopic,
    Talk,
    VolunteerActivity,
)


def _fields(model, exclude=()):
    """Every stored field but the id, the sealed columns and ``exclude``."""
    return tuple(
        f.name
        for f in model._meta.concrete_fields
        if not f.primary_key and not f.name.endswith("_sealed") and f.name not in exclude
    )


def _register(model, list_display, *, exclude=(), list_filter=(), search=(), inlines=()):
    fields = _fields(model, exclude)
    attrs = {
        "__module__": __name__,
        "list_display": list_display,
        "list_filter": list_filter,
        "search_fields": search,
        "fields": fields,
        "readonly_fields": fields,
        "inlines": inlines,
    }
    admin.site.register(model, type(f"{model.__name__}Admin", (ReadOnlyAdmin,), attrs))


def _inline(model, exclude=()):
    fields = _fields(model, exclude)
    attrs = {"__module__": __name__, "model": model, "fields": fields, "readonly_fields": fields}
    return type(f"{model.__name__}Inline", (ReadOnlyInline,), attrs)


_register(
    Meeting,
    ("held_on", "kind", "title", "status"),
    list_filter=("kind", "status"),
    search=("title",),
    inlines=(_inline(AgendaItem, exclude=("decision",)),),
)
_register(
    Expenditure,
    ("number", "filed_on", "amount", "status"),
    list_filter=("status",),
    search=("number",),
    inlines=(_inline(ExpenditureSignature),),
)
_register(
    Contract,
    ("number", "title", "counterparty_name", "amount", "starts_on", "ends_on"),
    search=("number", "title", "counterparty_name"),
    inlines=(_inline(Milestone), _inline(Payment)),
)
_register(AuditSample, ("year", "quarter", "population", "drawn_at"))
_register(
    Asset,
    ("number", "name", "category_code", "custodian", "location", "status"),
    list_filter=("status",),
    search=("number", "name"),
)
_register(InventoryCount, ("title", "started_at", "finished_at"))
_register(Reconciliation, ("done_on", "original_name", "register_count", "ledger_count"))
_register(RiskPoint, ("post_name", "process_name", "level", "evaluated_on"), list_filter=("level",))
_register(KeyPost, ("person", "post_name", "since"))
# A talk's content is confidential: the admin lists who, with whom, when and the flag only.
_register(
    Talk,
    ("held_on", "kind", "leader", "subject", "similar_to"),
    exclude=("content",),
    list_filter=("kind",),
)
_register(EducationSession, ("held_on", "title", "attendance"))
# A selection: its steps only (candidates' files, records and objections are confidential).
_register(Selection, ("title", "post_name", "step", "notice_ends_on", "appointed_on"))
_register(StudyTopic, ("year", "order", "title"))
_register(StudySession, ("held_on", "kind", "title", "attendance"), list_filter=("kind",))
_register(PartyLifeMeeting, ("held_on", "kind", "title", "attendance"), list_filter=("kind",))
_register(VolunteerActivity, ("held_on", "title", "participants"))
