"""Every change made through the Django admin is an audit record, like any other change.

The project's admin site (``AuditedAdminSite``, installed in place of Django's default by
``AuditedAdminConfig``) puts :class:`AuditedAdminMixin` in front of every ModelAdmin that
registers with it — ours and third-party ones (axes, django-otp) alike — so no admin page
can write without a record: additions, changes (only the fields that changed, old and new
values), deletions (single, bulk and through inlines), each in the admin's transaction.

A ModelAdmin whose save and delete call the area's own services (which record their own
audit events) says so with ``audit_in_services = True``, so a change is recorded once.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from . import audit
from .audit.constants import register_action_labels

ADD, CHANGE, DELETE = "admin.add", "admin.change", "admin.delete"
LABELS = {ADD: _("后台新增"), CHANGE: _("后台修改"), DELETE: _("后台删除")}


def values(obj) -> dict:
    """The stored values of a row (ids for relations; the audit masks personal data)."""
    from .pii.freetext import SealedColumn

    return {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if not isinstance(f, SealedColumn) and f.attname != "password"
    }


def _stored(obj):
    return type(obj)._default_manager.filter(pk=obj.pk).first() if obj.pk else None


def changed(before: dict, after: dict) -> tuple[dict, dict]:
    keys = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


class AuditedAdminMixin:
    # No class default here: the mixin comes first in the MRO and would hide the flag
    # of the ModelAdmin it wraps.

    def _record(self, request, action, obj, before=None, after=None):
        if getattr(self, "audit_in_services", False):
            return
        audit.record(
            action,
            actor=request.user,
            obj=obj,
            before=before,
            after=after,
            request=request,
            summary=str(LABELS[action]),
        )

    def save_model(self, request, obj, form, change):
        old = _stored(obj) if change else None
        before = values(old) if old is not None else {}
        super().save_model(request, obj, form, change)
        if change:
            before, after = changed(before, values(obj))
            if after:
                self._record(request, CHANGE, obj, before, after)
        else:
            self._record(request, ADD, obj, None, values(obj))

    def save_formset(self, request, form, formset, change):
        # Inline rows: read the stored rows first, so changes show their old values; the
        # deletions are recorded before they happen, while the rows still have their ids.
        stored = {}
        for inline in formset.initial_forms:
            row = formset.model._default_manager.filter(pk=inline.instance.pk).first()
            if row is not None:
                stored[row.pk] = values(row)
        for inline in formset.deleted_forms:
            if inline.instance.pk in stored:
                self._record(request, DELETE, inline.instance, stored[inline.instance.pk], None)
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            self._record(request, ADD, obj, None, values(obj))
        for obj, _fields in formset.changed_objects:
            before, after = changed(stored.get(obj.pk, {}), values(obj))
            if after:
                self._record(request, CHANGE, obj, before, after)

    def delete_model(self, request, obj):
        with transaction.atomic():
            self._record(request, DELETE, obj, values(obj), None)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # The bulk "delete selected" action runs outside the admin's own transaction.
        with transaction.atomic():
            for obj in queryset:
                self._record(request, DELETE, obj, values(obj), None)
            super().delete_queryset(request, queryset)


class AuditedAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedAdminMixin):
            admin_class = type(
                admin_class.__name__,
                (AuditedAdminMixin, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)


class AuditedAdminConfig(AdminConfig):
    default_site = "onewindow.core.admin_audit.AuditedAdminSite"

    def ready(self):
        register_action_labels(LABELS)
        super().ready()
