"""The online application (网上申请): fill the item's form, give the materials, submit.

``apply`` does it in ONE transaction: every form field and every file is checked first
(all errors at once, in Chinese, keyed by field), then the draft is created (or the
applicant's open draft of the same version or bundle reused), the files are stored in the
applicant's material library (documents.py) and linked to the case's materials, and
``services.submit`` hands the case in. Anything wrong leaves nothing behind: no case, no
document record, no file.

The form itself is cleaned and encrypted by the service (form_data.py), the same for the
online form, the window and the API; here it is only checked early so that the applicant
sees every mistake, the files' included, at once.

``supplement`` is the applicant's answer to a deficiency notice (补正): the files for
every material the notice lists, then ``services.supplement``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from onewindow.accounts.constants import PUBLIC_ROLES
from onewindow.catalog import selectors as catalog_selectors
from onewindow.core.errors import Conflict, InvalidInput, PermissionDenied

from .. import form_data as forms
from .. import moves, selectors, services
from ..constants import CaseStatus, Channel
from ..models import Case, CaseMaterial
from . import documents, uploads


def material_field(material_type_id: int) -> str:
    """The input name of a material's file (and the key of its errors)."""
    return f"material_{material_type_id}"


def reuse_field(material_type_id: int) -> str:
    return f"reuse_{material_type_id}"


def material_type_id(material) -> int:
    """The standard material id of a Material, CaseMaterial or bundle MergedMaterial."""
    return getattr(material, "material_type_id", None) or material.material_type.pk


# -- what is applied for --------------------------------------------------------------


@dataclass
class Target:
    """An item's current version or a bundle: its name, form fields and materials."""

    name: str
    code: str
    item_version: object = None
    bundle: object = None
    fields: list = field(default_factory=list)
    # Material (item) or MergedMaterial (bundle): material_type, name, required, …
    materials: list = field(default_factory=list)

    @property
    def is_bundle(self) -> bool:
        return self.bundle is not None


def item_target(code) -> Target:
    """The item's published version with its form and materials, or NotFound."""
    version = catalog_selectors.item_guide(code)
    return Target(
        name=version.name,
        code=version.item.code,
        item_version=version,
        fields=list(version.form_fields.all()),
        materials=list(version.materials.all()),
    )


def bundle_target(code) -> Target:
    """A published bundle (一件事) with its merged form and materials, or NotFound."""
    bundle = catalog_selectors.bundle_guide(code)
    versions = catalog_selectors.bundle_versions(bundle)
    return Target(
        name=bundle.name,
        code=bundle.code,
        bundle=bundle,
        fields=catalog_selectors.bundle_form_fields(bundle, versions),
        materials=catalog_selectors.bundle_materials(bundle, versions),
    )


def open_draft(user, target: Target) -> Case | None:
    """The user's newest draft of the same version (or bundle), to be reused."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    qs = Case.objects.filter(applicant=user, status=CaseStatus.DRAFT, channel=Channel.ONLINE)
    if target.item_version is not None:
        qs = qs.filter(item_version=target.item_version)
    else:
        qs = qs.filter(bundle=target.bundle, item_version__isnull=True)
    return qs.order_by("-created_at", "-pk").first()


def check_applicant(user) -> None:
    if user is None or not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("请先登录后再申请"))
    if not user.is_active or not user.has_role(*PUBLIC_ROLES):
        raise PermissionDenied(
            _("网上申请仅向个人和企业用户开放；工作人员请通过窗口为申请人代为申请。")
        )


# -- materials ------------------------------------------------------------------------


@dataclass
class Materials:
    """The checked files (by material type id) and the library documents to reuse."""

    uploads: dict = field(default_factory=dict)
    reused: dict = field(default_factory=dict)

    @property
    def ids(self) -> set[int]:
        return set(self.uploads) | set(self.reused)


def _material_ids(values, name: str) -> set[int]:
    return moves.material_type_ids(list(values or ()), name)


def clean_materials(
    owner,
    materials,
    files: Mapping | None,
    reuse: Iterable | None,
    *,
    needed=None,
    already: int = 0,
    kept: Mapping | None = None,
) -> tuple[Materials, dict]:
    """Check the files given for ``materials`` and the library documents to reuse.

    ``needed``: material type ids that must be given (default: every required material
    that is not 容缺-eligible). ``already``: files the case holds besides these.
    ``kept``: {material type id: document} already given on a draft (drafts.py), the
    owner's own; a new file for the same material wins over it.
    Returns (Materials, {field: [messages]}).
    """
    errors: dict[str, list[str]] = {}
    by_id = {material_type_id(m): m for m in materials}
    files = dict(files or {})
    try:
        upload_ids = _material_ids(files.keys(), "materials")
        reuse_ids = _material_ids(reuse, "reuse")
    except InvalidInput as exc:
        return Materials(), {"__all__": [exc.message]}
    if not (upload_ids | reuse_ids) <= set(by_id):
        return Materials(), {"__all__": [_("所列材料不属于本次申请")]}
    result = Materials()
    for key, uploaded in files.items():
        type_id = int(key)
        if uploaded is None:
            continue
        try:
            result.uploads[type_id] = (
                uploaded
                if isinstance(uploaded, uploads.CheckedUpload)
                else uploads.check_file(uploaded)
            )
        except InvalidInput as exc:
            errors.setdefault(material_field(type_id), []).append(exc.message)
    for type_id, doc in (kept or {}).items():
        if type_id not in by_id or getattr(doc, "owner_id", None) != getattr(owner, "pk", None):
            return Materials(), {"__all__": [_("所列材料不属于本次申请")]}
        if type_id not in result.uploads and material_field(type_id) not in errors:
            result.reused[type_id] = doc
    library = documents.library(owner, reuse_ids) if reuse_ids else {}
    for type_id in reuse_ids:
        if type_id in result.reused:
            continue  # already given on the draft
        if type_id in result.uploads or material_field(type_id) in errors:
            continue  # a new file wins over the library's
        doc = library.get(type_id)
        if doc is None:
            errors.setdefault(material_field(type_id), []).append(
                _("材料库中没有可用的该材料文件，请上传")
            )
        else:
            result.reused[type_id] = doc
    if needed is None:
        needed = {i for i, m in by_id.items() if m.required and not m.conditional_eligible}
    for type_id in sorted(set(needed) - result.ids):
        if material_field(type_id) not in errors:
            errors[material_field(type_id)] = [
                _("请上传“%(name)s”") % {"name": by_id[type_id].name}
            ]
    try:
        uploads.check_count(already + len(result.ids))
    except InvalidInput as exc:
        errors.setdefault("__all__", []).append(exc.message)
    return result, errors


def _raise(errors: dict) -> None:
    """One InvalidInput with every message: ``errors`` by field, "__all__" for the rest."""
    if errors:
        general = errors.get("__all__")
        message = general[0] if general else _("申请未提交：请按提示修改标出的内容后重新提交。")
        raise InvalidInput(message, errors=errors)


def _attach(case, owner, actor, given: Materials, written, request) -> set[int]:
    docs = dict(given.reused)
    for type_id, checked in given.uploads.items():
        docs[type_id] = documents.store(
            owner, type_id, checked, actor=actor, written=written, request=request
        )
    for type_id, doc in docs.items():
        CaseMaterial.objects.filter(case=case, material_type_id=type_id).update(document=doc)
    return set(docs)


# -- writes ---------------------------------------------------------------------------


def apply(
    user,
    target: Target,
    *,
    form_data=None,
    files=None,
    reuse=(),
    kept=None,
    delivery=None,
    request=None,
) -> Case:
    """Create (or reuse) the draft, fill the form, attach the materials and submit it.

    ``kept``: documents already given on a saved draft (暂存, drafts.py), by material.
    ``delivery``: the 送达方式 chosen (``services.clean_delivery``), None for 窗口领取.
    """
    check_applicant(user)
    with documents.removed_on_error() as written:
        return _apply(user, target, form_data, files, reuse, kept, delivery, written, request)


@transaction.atomic
def _apply(user, target, form_data, files, reuse, kept, delivery, written, request) -> Case:
    # Checked here only to show every mistake at once, with the files' ones; the service
    # cleans and encrypts the form itself (form_data.py), as for the API and the window.
    _cleaned, errors = forms.clean(target.fields, form_data)
    given, material_errors = clean_materials(user, target.materials, files, reuse, kept=kept)
    errors.update(material_errors)
    if delivery is not None:
        try:
            services.clean_delivery(delivery)
        except InvalidInput as exc:
            for name, messages in exc.errors.items():
                errors.setdefault(name, []).extend(messages)
    _raise(errors)
    case = open_draft(user, target)
    if case is None:
        if target.item_version is not None:
            case = services.start_application(
                user, item=target.item_version.item, channel=Channel.ONLINE
            )
        else:
            case = services.start_application(user, bundle=target.bundle, channel=Channel.ONLINE)
    services._snapshot_materials(case)  # the case's own list, for the documents below
    supplied = _attach(case, user, user, given, written, request)
    return services.submit(
        user, case, supplied=supplied, form_data=form_data, delivery=delivery, request=request
    )


def supplement_items(case) -> list[CaseMaterial]:
    """The case's materials the open deficiency notice asks for (补正), in order; after a
    department's return (退回补正) any of them may be given again."""
    if case.status == CaseStatus.CORRECTING:
        return list(
            case.materials.select_related("material_type", "document").order_by("order", "pk")
        )
    notice = (
        case.deficiency_notices.filter(supplemented_at__isnull=True).order_by("-issued_at").first()
    )
    if notice is None:
        return []
    ids = {i.get("material_type") for i in notice.items or [] if isinstance(i, dict)}
    return list(
        case.materials.filter(material_type_id__in=ids)
        .select_related("material_type", "document")
        .order_by("order", "pk")
    )


def supplement(user, case, *, files=None, reuse=(), request=None) -> Case:
    """补正: the files for everything the notice listed, then ``services.supplement``."""
    with documents.removed_on_error() as written:
        return _supplement(user, case, files, reuse, written, request)


@transaction.atomic
def _supplement(user, case, files, reuse, written, request) -> Case:
    case = moves.load_case(case)
    if case.status not in (CaseStatus.DEFICIENT, CaseStatus.CORRECTING):
        raise Conflict(_("该办件当前无需补正材料，请刷新后查看"))
    listed = supplement_items(case)
    if not listed:
        raise Conflict(_("该办件没有待补正的材料，请刷新后查看"))
    held = case.materials.filter(document__isnull=False).exclude(
        material_type_id__in=[m.material_type_id for m in listed]
    )
    given, errors = clean_materials(
        case.applicant,
        listed,
        files,
        reuse,
        needed={m.material_type_id for m in listed},
        already=held.count(),
    )
    _raise(errors)
    supplied = _attach(case, case.applicant, user, given, written, request)
    return services.supplement(user, case, supplied=supplied, request=request)


# -- reads ----------------------------------------------------------------------------


def my_cases(user):
    """The user's own cases, newest first (a read for the applicant's list)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    return (
        Case.objects.filter(applicant=user)
        .select_related("item_version", "bundle", "industry", "promised_clock")
        .order_by("-created_at", "-pk")
    )


def detail_materials(case) -> list[dict]:
    """The case's materials for its page: the guide's columns, and once submitted the
    status and file of each (the case's own list, snapshotted at submission)."""
    guide = {material_type_id(m): m for m in selectors.case_materials(case)}
    own = list(case.materials.select_related("document").order_by("order", "pk"))
    rows = []
    for m in own or guide.values():
        source = guide.get(material_type_id(m), m)
        rows.append(
            {
                "name": m.name,
                "form": source.get_form_display() if hasattr(source, "get_form_display") else "",
                "copies": getattr(source, "copies", ""),
                "required": m.required,
                "conditional_eligible": m.conditional_eligible,
                "status": m.get_status_display() if own else "",
                "status_code": m.status if own else "",
                "promised_by": getattr(m, "promised_by", None),
                "document": m.document if own else None,
            }
        )
    return rows
