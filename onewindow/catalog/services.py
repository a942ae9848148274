"""Every write of the catalogue: items and their versions, reform lists, bundles, industries.

All functions are atomic, check permission (``actor=None`` is the system: the demo loader
and the import), change a version's status with a conditional UPDATE (zero rows means
someone else acted first: Conflict), and record an audit event in the same transaction.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core.audit import record
from onewindow.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied

from . import permissions, workflow
from .constants import DelegationLevel, ReformList, VersionStatus
from .excel.published import catalogue_changed
from .models import (
    Bundle,
    BundleItem,
    BundleStep,
    FormField,
    Industry,
    ItemVersion,
    ListEntry,
    Material,
    MaterialType,
    ServiceItem,
    Step,
)
from .pinyin import search_keys
from .validation import (
    GUIDE_FIELDS,
    Errors,
    bundle_max_steps,
    clean_code,
    clean_department,
    clean_form_fields,
    clean_guide,
    clean_item_payload,
    clean_materials,
    clean_steps,
    integer,
    item_max_steps,
    life_events,
    text,
)

# -- helpers ----------------------------------------------------------------------------


def _today():
    return timezone.localdate()


def _snapshot(version: ItemVersion) -> dict:
    """What the audit keeps of a version: its status and the parts people change."""
    return {
        "code": version.item.code,
        "number": version.number,
        "status": version.status,
        "name": version.name,
        "statutory_limit_days": version.statutory_limit_days,
        "promised_limit_days": version.promised_limit_days,
        "fee": version.fee,
        "materials": list(version.materials.values_list("name", flat=True)),
        "steps": list(version.steps.values_list("name", flat=True)),
    }


def _guide_of(version: ItemVersion) -> dict:
    return {field: getattr(version, field) for field in GUIDE_FIELDS}


def _write_children(version: ItemVersion, materials, form_fields, steps) -> None:
    """Replace the given parts of a draft (None = leave that part as it is)."""
    if materials is not None:
        version.materials.all().delete()
        types = {}
        for name in {m["material_type"] for m in materials}:
            types[name], _created = MaterialType.objects.get_or_create(name=name)
        Material.objects.bulk_create(
            Material(
                version=version,
                order=i,
                material_type=types[m["material_type"]],
                **{k: v for k, v in m.items() if k != "material_type"},
            )
            for i, m in enumerate(materials, start=1)
        )
    if form_fields is not None:
        version.form_fields.all().delete()
        FormField.objects.bulk_create(
            FormField(version=version, order=i, **f) for i, f in enumerate(form_fields, start=1)
        )
    if steps is not None:
        version.steps.all().delete()
        Step.objects.bulk_create(
            Step(version=version, order=i, **s) for i, s in enumerate(steps, start=1)
        )


# A version's parts: (model, related name). A revision copies each of them.
_PARTS = ((Material, "materials"), (FormField, "form_fields"), (Step, "steps"))


def _copy_parts(base: ItemVersion, draft: ItemVersion) -> None:
    """Give the draft a copy of every part of the base version (all columns but id/version)."""
    for model, related in _PARTS:
        columns = [
            f.attname
            for f in model._meta.concrete_fields
            if not f.primary_key and f.name != "version"
        ]
        model.objects.bulk_create(
            model(version=draft, **{c: getattr(row, c) for c in columns})
            for row in getattr(base, related).all()
        )


def _refresh_search(item: ServiceItem, name: str) -> None:
    pinyin_key, initials = search_keys(name)
    ServiceItem.objects.filter(pk=item.pk).update(
        name=name, name_pinyin=pinyin_key, name_initials=initials
    )
    item.name, item.name_pinyin, item.name_initials = name, pinyin_key, initials


def _require(allowed: bool, message=None) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _move(version: ItemVersion, name: str, actor, **changes) -> None:
    """Apply transition ``name`` with a conditional UPDATE; 0 rows is a Conflict."""
    t = workflow.transition(name)
    _require(t.guard(actor, version.item))
    sources = t.allowed_sources(actor)
    if version.status not in sources:
        raise Conflict(
            _("该版本当前状态为“%(status)s”，不能%(action)s")
            % {"status": VersionStatus(version.status).label, "action": t.label}
        )
    rows = ItemVersion.objects.filter(pk=version.pk, status=version.status).update(
        status=t.target, **changes
    )
    if rows == 0:
        raise Conflict()
    version.status = t.target
    for key, value in changes.items():
        setattr(version, key, value)


# -- items ------------------------------------------------------------------------------


def validate_item_payload(code, department, guide, materials, form_fields, steps) -> None:
    """Check an item without saving; raises InvalidInput(errors={field: [msgs]})."""
    clean_item_payload(code, department, guide, materials, form_fields, steps)


def create_item(
    actor,
    *,
    code,
    department,
    guide: dict,
    materials: list[dict],
    form_fields: list[dict],
    steps: list[dict],
    publish: bool = False,
    request=None,
) -> ServiceItem:
    """A new item with its first version as a draft (published at once if ``publish``)."""
    if publish and actor is not None:
        raise PermissionDenied(_("新建事项须经审核后发布"))
    if actor is not None and not permissions.can_manage_catalog(actor):
        raise PermissionDenied()
    data = clean_item_payload(code, department, guide, materials, form_fields, steps)
    _require(
        permissions.can_edit_department(actor, data["department"].pk),
        _("只能新建本部门的事项"),
    )
    try:
        with transaction.atomic():
            name = data["guide"]["name"]
            pinyin_key, initials = search_keys(name)
            item = ServiceItem.objects.create(
                code=data["code"],
                department=data["department"],
                name=name,
                name_pinyin=pinyin_key,
                name_initials=initials,
            )
            version = ItemVersion.objects.create(
                item=item, number=1, created_by=actor, **data["guide"]
            )
            _write_children(version, data["materials"], data["form_fields"], data["steps"])
            record(
                "catalog.item_create",
                actor=actor,
                obj=item,
                request=request,
                after=_snapshot(version),
                summary=_("新建事项 %(code)s %(name)s") % {"code": item.code, "name": name},
            )
            if publish:
                publish_version(None, version)
    except IntegrityError:
        # Two writers chose the same code at once: the loser gets the same answer.
        raise InvalidInput(_("事项编码已存在"), field="code") from None
    return item


def update_draft(
    actor, version, *, guide=None, materials=None, form_fields=None, steps=None, request=None
) -> ItemVersion:
    """Change a draft's guide and/or replace its materials, form fields or steps."""
    _require(permissions.can_edit_item(actor, version.item))
    if version.status not in workflow.EDITABLE:
        raise Conflict(_("只有草稿可以修改，已发布的事项请先新建修订版本"))
    errors = Errors()
    merged = _guide_of(version)
    merged.update(guide or {})
    cleaned_guide = clean_guide(merged, errors)
    cleaned_materials = clean_materials(materials, errors) if materials is not None else None
    cleaned_fields = clean_form_fields(form_fields, errors) if form_fields is not None else None
    cleaned_steps = (
        clean_steps(steps, errors, max_steps=item_max_steps()) if steps is not None else None
    )
    errors.raise_if_any()
    with transaction.atomic():
        before = _snapshot(version)
        rows = ItemVersion.objects.filter(pk=version.pk, status=VersionStatus.DRAFT).update(
            **cleaned_guide
        )
        if rows == 0:
            raise Conflict()
        for key, value in cleaned_guide.items():
            setattr(version, key, value)
        _write_children(version, cleaned_materials, cleaned_fields, cleaned_steps)
        if version.item.published_version_id is None:
            # Never published: the draft's name is the one management searches by.
            _refresh_search(version.item, cleaned_guide["name"])
        record(
            "catalog.version_update",
            actor=actor,
            obj=version,
            request=request,
            before=before,
            after=_snapshot(version),
            summary=_("修改草稿 %(code)s 第%(n)s版")
            % {"code": version.item.code, "n": version.number},
        )
    return version


def start_revision(actor, item, *, request=None) -> ItemVersion:
    """Copy the item's current (or latest) version into a new draft numbered one higher."""
    _require(permissions.can_edit_item(actor, item))
    if item.versions.filter(status__in=workflow.OPEN).exists():
        raise Conflict(_("该事项已有未发布的修订版本，请先完成或退回后再修订"))
    base = item.published_version or item.versions.order_by("-number").first()
    if base is None:
        raise NotFound()
    number = (item.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    try:
        with transaction.atomic():
            draft = ItemVersion.objects.create(
                item=item,
                number=number,
                status=VersionStatus.DRAFT,
                created_by=actor,
                **{**_guide_of(base), "change_note": "", "valid_from": None, "valid_to": None},
            )
            _copy_parts(base, draft)
            record(
                "catalog.version_revise",
                actor=actor,
                obj=draft,
                request=request,
                after={"code": item.code, "number": number, "from_number": base.number},
                summary=_("新建修订版本 %(code)s 第%(n)s版") % {"code": item.code, "n": number},
            )
    except IntegrityError:
        # Someone else started a revision at the same moment (same number).
        raise Conflict(_("该事项已有未发布的修订版本，请先完成或退回后再修订")) from None
    return draft


def submit_for_review(actor, version, *, request=None) -> ItemVersion:
    """Draft → in review (department staff of the item's department)."""
    with transaction.atomic():
        # A resubmitted draft leaves the last reviewer's note behind (the audit keeps it).
        _move(version, "submit", actor, review_note="")
        record(
            "catalog.version_submit",
            actor=actor,
            obj=version,
            request=request,
            after={"status": version.status},
            summary=_("提交审核 %(code)s 第%(n)s版")
            % {"code": version.item.code, "n": version.number},
        )
    return version


def publish_version(actor, version, *, request=None) -> ItemVersion:
    """In review (or, for the system, draft) → published; the old one is superseded."""
    item = version.item
    today = _today()
    with transaction.atomic():
        t = workflow.transition("publish")
        _require(t.guard(actor, item), _("只有局领导或局内股室审批人员可以发布事项"))
        old = (
            ItemVersion.objects.filter(item=item, status=VersionStatus.PUBLISHED)
            .exclude(pk=version.pk)
            .first()
        )
        # The old one goes first: only one version of an item may be published at a time.
        if old is not None:
            ItemVersion.objects.filter(pk=old.pk, status=VersionStatus.PUBLISHED).update(
                status=VersionStatus.SUPERSEDED, valid_to=today
            )
        _move(
            version,
            "publish",
            actor,
            published_by=actor,
            published_at=timezone.now(),
            valid_from=version.valid_from or today,
            valid_to=None,
        )
        ServiceItem.objects.filter(pk=item.pk).update(published_version=version)
        item.published_version = version
        _refresh_search(item, version.name)
        catalogue_changed()
        record(
            "catalog.version_publish",
            actor=actor,
            obj=version,
            request=request,
            before={"published_number": old.number if old else None},
            after=_snapshot(version),
            summary=_("发布 %(code)s 第%(n)s版") % {"code": item.code, "n": version.number},
        )
    return version


# The brief's name; ``publish_version`` reads better where "publish" is also a flag.
publish = publish_version


def reject(actor, version, reason, *, request=None) -> ItemVersion:
    """In review → draft, with the reviewer's reason kept on the version."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("请填写退回理由"), field="reason")
    if len(reason) > 500:
        raise InvalidInput(_("退回理由不能超过500个字"), field="reason")
    with transaction.atomic():
        _move(version, "reject", actor, review_note=reason)
        record(
            "catalog.version_reject",
            actor=actor,
            obj=version,
            request=request,
            after={"status": version.status, "reason": reason},
            summary=_("退回 %(code)s 第%(n)s版：%(reason)s")
            % {"code": version.item.code, "n": version.number, "reason": reason},
        )
    return version


def withdraw(actor, item, reason, *, request=None) -> ItemVersion:
    """Stop a published item: its current version becomes withdrawn, valid until today."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("请填写停用理由"), field="reason")
    if len(reason) > 500:
        raise InvalidInput(_("停用理由不能超过500个字"), field="reason")
    version = item.published_version
    if version is None:
        raise Conflict(_("该事项没有已发布的版本，无需停用"))
    with transaction.atomic():
        _move(version, "withdraw", actor, valid_to=_today(), review_note=reason)
        ServiceItem.objects.filter(pk=item.pk).update(published_version=None)
        item.published_version = None
        catalogue_changed()
        record(
            "catalog.item_withdraw",
            actor=actor,
            obj=item,
            request=request,
            before={"published_number": version.number},
            after={"status": version.status, "reason": reason},
            summary=_("停用事项 %(code)s：%(reason)s") % {"code": item.code, "reason": reason},
        )
    return version


# -- reform lists -------------------------------------------------------------------------


def add_to_list(actor, list_code, *, item=None, bundle=None, level="", request=None) -> ListEntry:
    """Put an item (or, on 一链办理, a bundle) on a reform list."""
    _require(permissions.can_manage_collections(actor), _("只有局领导或局内股室可以管理清单"))
    if list_code not in ReformList.values:
        raise InvalidInput(
            _("未知的清单：%(code)s") % {"code": str(list_code)[:40]}, field="list_code"
        )
    if (item is None) == (bundle is None):
        raise InvalidInput(_("请指定一个事项或一个一件事"))
    if list_code == ReformList.CHAIN and bundle is None:
        raise InvalidInput(_("一链办理清单只收录一件事"), field="bundle")
    if list_code != ReformList.CHAIN and item is None:
        raise InvalidInput(_("该清单只收录事项"), field="item")
    level = (level or "").strip()
    if list_code == ReformList.DELEGATED:
        if level not in DelegationLevel.values:
            raise InvalidInput(_("请选择下沉层级（镇街、社区或村）"), field="level")
    elif level:
        raise InvalidInput(_("下沉层级只适用于下沉清单"), field="level")
    label = ReformList(list_code).label
    duplicate = _("“%(name)s”已在%(list)s清单中") % {"name": item or bundle, "list": label}
    exists = ListEntry.objects.filter(list_code=list_code)
    exists = exists.filter(item=item) if item is not None else exists.filter(bundle=bundle)
    if exists.exists():
        raise Conflict(duplicate)
    try:
        with transaction.atomic():
            entry = ListEntry.objects.create(
                list_code=list_code, item=item, bundle=bundle, level=level, added_on=_today()
            )
            catalogue_changed()
            record(
                "catalog.list_add",
                actor=actor,
                obj=entry,
                request=request,
                after={
                    "list": list_code,
                    "item": getattr(item, "code", None),
                    "bundle": getattr(bundle, "code", None),
                    "level": level,
                },
                summary=_("列入%(list)s清单：%(name)s") % {"list": label, "name": item or bundle},
            )
    except IntegrityError:
        raise Conflict(duplicate) from None
    return entry


def remove_from_list(actor, entry, *, request=None) -> None:
    _require(permissions.can_manage_collections(actor), _("只有局领导或局内股室可以管理清单"))
    with transaction.atomic():
        label = entry.get_list_code_display()
        target = entry.item or entry.bundle
        deleted, _rows = ListEntry.objects.filter(pk=entry.pk).delete()
        if not deleted:
            raise Conflict()
        catalogue_changed()
        record(
            "catalog.list_remove",
            actor=actor,
            object_type=ListEntry._meta.label_lower,
            object_id=str(entry.pk),
            request=request,
            before={
                "list": entry.list_code,
                "item": getattr(entry.item, "code", None),
                "bundle": getattr(entry.bundle, "code", None),
                "level": entry.level,
            },
            summary=_("移出%(list)s清单：%(name)s") % {"list": label, "name": target},
        )


# -- bundles ------------------------------------------------------------------------------


def _resolve_items(items, errors, field, *, minimum, label) -> list[ServiceItem]:
    """ServiceItems given as objects or codes, distinct, at least ``minimum``."""
    found, seen = [], set()
    for value in items or []:
        item = (
            value
            if isinstance(value, ServiceItem)
            else (ServiceItem.objects.filter(code=str(value).strip()).first())
        )
        if item is None:
            errors.add(field, _("事项不存在：%(code)s") % {"code": str(value)[:64]})
            continue
        if item.pk in seen:
            errors.add(field, _("事项重复：%(name)s") % {"name": item.name})
            continue
        seen.add(item.pk)
        found.append(item)
    if len(found) < minimum and field not in errors:
        errors.add(field, label)
    return found


def _clean_bundle(bundle, actor, data: dict) -> dict:
    errors = Errors()
    out = {
        "code": clean_code(
            data.get("code"),
            errors,
            label=_("一件事编码"),
            model=Bundle,
            exclude_pk=getattr(bundle, "pk", None),
        ),
        "name": text(data.get("name"), "name", errors, _("名称"), max_length=200, required=True),
        "lead_department": clean_department(
            data.get("lead_department"), errors, field="lead_department", label=_("牵头部门")
        ),
        "items": _resolve_items(
            data.get("items"), errors, "items", minimum=2, label=_("一件事至少包含两个事项")
        ),
        "steps": clean_steps(data.get("steps"), errors, max_steps=bundle_max_steps()),
        "at_general_window": bool(data.get("at_general_window", False)),
        "promised_limit_days": integer(
            data.get("promised_limit_days"),
            "promised_limit_days",
            errors,
            _("承诺办结时限"),
            required=False,
        ),
        "description": text(data.get("description"), "description", errors, _("说明")),
        "life_events": life_events(list(data.get("life_events") or []), "life_events", errors),
        "publish": bool(data.get("publish", False)),
    }
    if not out["steps"] and "steps" not in errors:
        errors.add("steps", _("请至少填写一个办理环节"))
    if out["publish"]:
        for item in out["items"]:
            if item.published_version_id is None:
                errors.add(
                    "items", _("事项“%(name)s”尚未发布，不能发布一件事") % {"name": item.name}
                )
    errors.raise_if_any()
    return out


def _write_bundle(bundle: Bundle, data: dict) -> None:
    catalogue_changed()  # the 一链办理 export lists bundles with their items and steps
    BundleItem.objects.filter(bundle=bundle).delete()
    BundleItem.objects.bulk_create(
        BundleItem(bundle=bundle, item=item, order=i) for i, item in enumerate(data["items"], 1)
    )
    BundleStep.objects.filter(bundle=bundle).delete()
    BundleStep.objects.bulk_create(
        BundleStep(bundle=bundle, order=i, **s) for i, s in enumerate(data["steps"], 1)
    )


def _bundle_snapshot(bundle: Bundle) -> dict:
    return {
        "code": bundle.code,
        "name": bundle.name,
        "items": list(bundle.bundle_items.values_list("item__code", flat=True)),
        "steps": list(bundle.steps.values_list("name", flat=True)),
        "is_published": bundle.is_published,
    }


def create_bundle(
    actor,
    *,
    code,
    name,
    lead_department,
    items,
    steps,
    at_general_window=False,
    promised_limit_days=0,
    description="",
    life_events=(),
    publish=False,
    request=None,
) -> Bundle:
    """一件事: at least two items, at most CATALOG_BUNDLE_MAX_STEPS steps."""
    _require(permissions.can_manage_collections(actor), _("只有局领导或局内股室可以管理一件事"))
    return _save_bundle(actor, None, _clean_bundle(None, actor, locals()), request)


def update_bundle(actor, bundle, *, request=None, **changes) -> Bundle:
    """Change a bundle; keys as create_bundle's, missing keys keep their values."""
    _require(permissions.can_manage_collections(actor), _("只有局领导或局内股室可以管理一件事"))
    current = _current(bundle, _BUNDLE_COLUMNS, changes, also=("items", "steps", "publish"))
    current["items"] = [bi.item for bi in bundle.bundle_items.select_related("item")]
    current["steps"] = [{"name": s.name, "description": s.description} for s in bundle.steps.all()]
    current["publish"] = bundle.is_published
    return _save_bundle(
        actor, bundle, _clean_bundle(bundle, actor, {**current, **changes}), request
    )


_BUNDLE_COLUMNS = (
    "code",
    "name",
    "description",
    "lead_department",
    "at_general_window",
    "promised_limit_days",
    "life_events",
)


def _save_bundle(actor, bundle, data, request) -> Bundle:
    """Create (``bundle`` None) or update a bundle from cleaned data, audited."""
    pinyin_key, initials = search_keys(data["name"])
    columns = {key: data[key] for key in _BUNDLE_COLUMNS}
    columns.update(is_published=data["publish"], name_pinyin=pinyin_key, name_initials=initials)
    return _save_collection(
        Bundle,
        bundle,
        columns,
        write=lambda saved: _write_bundle(saved, data),
        snapshot=_bundle_snapshot,
        created=("catalog.bundle_create", _("新建一件事 %(code)s %(name)s")),
        updated=("catalog.bundle_update", _("修改一件事 %(code)s %(name)s")),
        taken=_("一件事编码已存在"),
        actor=actor,
        request=request,
    )


def _current(obj, columns, changes: dict, *, also=()) -> dict:
    """``obj``'s ``columns`` before ``changes``; refuses a key that is neither."""
    unknown = set(changes) - {*columns, *also}
    if unknown:
        raise InvalidInput(_("未知的字段：%(keys)s") % {"keys": "、".join(sorted(unknown))})
    return {key: getattr(obj, key) for key in columns}


def _save_collection(
    model, obj, columns, *, write, snapshot, created, updated, taken, actor, request
):
    """Create (``obj`` None) or update a bundle or industry, then ``write`` its links;
    audited with the (action, summary) of ``created`` or ``updated``. ``taken``: the message
    when a unique code or name clashes."""
    try:
        with transaction.atomic():
            if obj is None:
                (action, summary), before = created, None
                obj = model.objects.create(**columns)
            else:
                (action, summary), before = updated, snapshot(obj)
                model.objects.filter(pk=obj.pk).update(**columns)
                obj.refresh_from_db()
            write(obj)
            record(
                action,
                actor=actor,
                obj=obj,
                request=request,
                before=before,
                after=snapshot(obj),
                summary=summary % {"code": obj.code, "name": obj.name},
            )
    except IntegrityError:
        raise InvalidInput(taken, field="code") from None
    return obj


# -- industries ---------------------------------------------------------------------------


def _clean_industry(industry, data: dict) -> dict:
    errors = Errors()
    out = {
        "code": clean_code(
            data.get("code"),
            errors,
            label=_("行业编码"),
            model=Industry,
            exclude_pk=getattr(industry, "pk", None),
        ),
        "name": text(
            data.get("name"), "name", errors, _("行业名称"), max_length=100, required=True
        ),
        "lead_department": clean_department(
            data.get("lead_department"), errors, field="lead_department", label=_("牵头部门")
        ),
        "replaced_items": _resolve_items(
            data.get("replaced_items"),
            errors,
            "replaced_items",
            minimum=1,
            label=_("请至少选择一个整合的许可事项"),
        ),
        "notice": text(data.get("notice"), "notice", errors, _("一次告知")),
        "promised_limit_days": integer(
            data.get("promised_limit_days"),
            "promised_limit_days",
            errors,
            _("承诺办结时限"),
            required=False,
        ),
    }
    if out["name"]:
        taken = Industry.objects.filter(name=out["name"])
        if industry is not None:
            taken = taken.exclude(pk=industry.pk)
        if taken.exists():
            errors.add("name", _("行业名称已存在"))
    errors.raise_if_any()
    return out


def _industry_snapshot(industry: Industry) -> dict:
    return {
        "code": industry.code,
        "name": industry.name,
        "lead_department": industry.lead_department.code,
        "replaced_items": list(industry.replaced_items.values_list("code", flat=True)),
    }


_INDUSTRY_COLUMNS = ("code", "name", "lead_department", "notice", "promised_limit_days")


def create_industry(
    actor,
    *,
    code,
    name,
    lead_department,
    replaced_items,
    notice="",
    promised_limit_days=0,
    request=None,
) -> Industry:
    """一业一证: an industry with its lead department and the permits it replaces."""
    _require(permissions.can_manage_collections(actor), _("只有局领导或局内股室可以管理一业一证"))
    return _save_industry(actor, None, _clean_industry(None, locals()), request)


def update_industry(actor, industry, *, request=None, **changes) -> Industry:
    _require(permissions.can_manage_collections(actor), _("只有局领导或局内股室可以管理一业一证"))
    current = _current(industry, _INDUSTRY_COLUMNS, changes, also=("replaced_items",))
    current["replaced_items"] = list(industry.replaced_items.all())
    return _save_industry(
        actor, industry, _clean_industry(industry, {**current, **changes}), request
    )


def _save_industry(actor, industry, data, request) -> Industry:
    """Create (``industry`` None) or update an industry from cleaned data, audited."""
    return _save_collection(
        Industry,
        industry,
        {key: data[key] for key in _INDUSTRY_COLUMNS},
        write=lambda saved: saved.replaced_items.set(data["replaced_items"]),
        snapshot=_industry_snapshot,
        created=("catalog.industry_create", _("新建一业一证行业 %(name)s")),
        updated=("catalog.industry_update", _("修改一业一证行业 %(name)s")),
        taken=_("行业编码或名称已存在"),
        actor=actor,
        request=request,
    )
