"""The online application in steps, with drafts saved on the server (暂存).

1 申请人信息 → 2 申请事项信息 → 3 上传材料 → 4 确认提交. Every step's POST saves the draft
(``save``): what was typed, sealed like a case's form (form_data.seal_draft), and every
file that passes the checks, stored as the intake service stores it (documents.store, in
the applicant's material library) and kept on the draft. A file that fails its check is
reported beside its material; the others stay. So a validation error never loses a
file already chosen: the step shows it as given, and the submission uses it.

Submission (``submit``) goes through the one intake service, ``application.apply``, with
the draft's form and its documents: the same checks and the same encryption as the API
and the whole-form POST. The draft is deleted with the submission, in one transaction.

A draft belongs to its applicant only (another user's draft is a 404), and expires
CASES_DRAFT_DAYS after its last save; ``purge_expired`` (the ``purge_expired_drafts``
command and a daily task) deletes the expired ones. The documents stay in the
applicant's material library, where the next application can reuse them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.catalog.constants import FieldType
from onewindow.core.audit import record
from onewindow.core.errors import InvalidInput, NotFound

from .. import constants
from .. import form_data as forms
from ..models import ApplicationDraft, DraftMaterial
from . import application, documents, uploads

APPLICANT, MATTER, MATERIALS, CONFIRM = 1, 2, 3, 4
STEPS = (
    (APPLICANT, gettext_lazy("申请人信息")),
    (MATTER, gettext_lazy("申请事项信息")),
    (MATERIALS, gettext_lazy("上传材料")),
    (CONFIRM, gettext_lazy("确认提交")),
)
# Form fields about who applies (the catalogue's standard keys); the rest describe the matter.
APPLICANT_KEYS = frozenset(
    {
        "applicant_name",
        "id_number",
        "phone",
        "address",
        "gender",
        "company_name",
        "uscc",
        "legal_rep",
        "contact_name",
    }
)
_APPLICANT_TYPES = (FieldType.ID_NUMBER, FieldType.PHONE, FieldType.USCC)


def days() -> int:
    return int(getattr(settings, "CASES_DRAFT_DAYS", constants.CASES_DRAFT_DAYS))


def step_number(value, default: int = APPLICANT) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return min(max(number, APPLICANT), CONFIRM)


def is_applicant_field(f) -> bool:
    return f.key in APPLICANT_KEYS or f.field_type in _APPLICANT_TYPES


def step_fields(target, step: int) -> list:
    """The form fields asked at ``step`` (none at the materials and confirmation steps)."""
    if step == APPLICANT:
        return [f for f in target.fields if is_applicant_field(f)]
    if step == MATTER:
        return [f for f in target.fields if not is_applicant_field(f)]
    return []


def step_of(target, errors: Mapping) -> int:
    """The first step that holds one of ``errors`` (keyed by field), else the last."""
    applicant = {f.key for f in step_fields(target, APPLICANT)}
    matter = {f.key for f in step_fields(target, MATTER)}
    if applicant & set(errors):
        return APPLICANT
    if matter & set(errors):
        return MATTER
    if any(str(key).startswith("material_") for key in errors):
        return MATERIALS
    return CONFIRM


# -- reads ----------------------------------------------------------------------------


def _live(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return ApplicationDraft.objects.none()
    return ApplicationDraft.objects.filter(applicant=user, expires_at__gt=timezone.now())


def my_drafts(user):
    """The user's drafts that have not expired, newest first."""
    return _live(user).select_related("item_version__item", "bundle").order_by("-updated_at", "-pk")


def draft_for(user, draft_id) -> ApplicationDraft:
    """The user's own live draft, or NotFound (another user's, expired or unknown)."""
    try:
        pk = int(draft_id)
    except (TypeError, ValueError):
        raise NotFound(_("没有这个草稿")) from None
    found = my_drafts(user).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("没有这个草稿，或草稿已过期"))
    return found


def latest_for(user, target) -> ApplicationDraft | None:
    """The user's newest live draft of the same item (any version) or bundle."""
    qs = my_drafts(user)
    if target.item_version is not None:
        qs = qs.filter(item_version__item=target.item_version.item)
    else:
        qs = qs.filter(bundle=target.bundle)
    return qs.first()


def belongs_to(draft: ApplicationDraft, target) -> bool:
    if target.item_version is not None:
        return draft.item_version is not None and draft.item_version.item_id == (
            target.item_version.item_id
        )
    return draft.bundle_id == target.bundle.pk


def target_of(draft: ApplicationDraft):
    """What the draft applies for now: the item's current published version, or the bundle."""
    if draft.item_version_id is not None:
        return application.item_target(draft.item_version.item.code)
    return application.bundle_target(draft.bundle.code)


def apply_url(draft: ApplicationDraft) -> str:
    from django.urls import reverse

    if draft.item_version_id is not None:
        url = reverse("cases:apply", args=[draft.item_version.item.code])
    else:
        url = reverse("cases:apply_bundle", args=[draft.bundle.code])
    return f"{url}?draft={draft.pk}&step={draft.step}"


def name_of(draft: ApplicationDraft) -> str:
    if draft.item_version_id is not None:
        return draft.item_version.name
    return draft.bundle.name


def kept(draft: ApplicationDraft | None) -> dict:
    """{material type id: the document given on the draft}."""
    if draft is None or draft.pk is None:
        return {}
    return {
        m.material_type_id: m.document
        for m in draft.materials.select_related("document").order_by("pk")
    }


# -- writes ---------------------------------------------------------------------------


def _new_draft(user, target) -> ApplicationDraft:
    draft = ApplicationDraft(
        applicant=user,
        item_version=target.item_version,
        bundle=target.bundle if target.item_version is None else None,
        expires_at=timezone.now() + timedelta(days=days()),
    )
    # Prefill from the account: the applicant's or the enterprise's name and credit code.
    initial = {}
    for f in target.fields:
        if f.key in ("applicant_name", "company_name") and user.display_name:
            if (f.key == "company_name") == bool(user.uscc):
                initial[f.key] = user.display_name
        elif f.field_type == FieldType.USCC and user.uscc:
            initial[f.key] = user.uscc
        elif f.key == "contact_name" and user.contact_name:
            initial[f.key] = user.contact_name
    draft.form_data = forms.seal_draft(target.fields, initial)
    return draft


def start(user, target) -> ApplicationDraft:
    """An unsaved draft for a first visit: prefilled from the account, nothing written."""
    application.check_applicant(user)
    return _new_draft(user, target)


def save(
    user,
    target,
    *,
    draft: ApplicationDraft | None = None,
    step: int = APPLICANT,
    form_data: Mapping | None = None,
    files: Mapping | None = None,
    reuse: Iterable = (),
    request=None,
) -> tuple[ApplicationDraft, dict]:
    """Save the step's input on the draft (created on the first save); (draft, file errors).

    Only the fields of ``step`` are taken from ``form_data``. Each file is checked on its
    own: a good one is stored and kept on the draft even when another is refused, whose
    message comes back keyed by its material's input name.
    """
    application.check_applicant(user)
    with documents.removed_on_error() as written:
        return _save(user, target, draft, step, form_data, files, reuse, written, request)


@transaction.atomic
def _save(user, target, draft, step, form_data, files, reuse, written, request):
    if draft is None or draft.pk is None:
        draft = draft if draft is not None else _new_draft(user, target)
    elif draft.applicant_id != user.pk or not belongs_to(draft, target):
        raise NotFound(_("没有这个草稿"))
    if target.item_version is not None:
        draft.item_version = target.item_version  # a newer published version takes over
    fields = step_fields(target, step)
    posted = {f.key: (form_data or {}).get(f.key, "") for f in fields} if form_data else {}
    draft.form_data = forms.seal_draft(fields, posted, draft.form_data)
    try:
        forms._storable(draft.form_data)
    except InvalidInput as exc:
        return draft, {"__all__": [exc.message]}
    draft.step = step_number(step)
    draft.expires_at = timezone.now() + timedelta(days=days())
    draft.save()

    errors: dict[str, list[str]] = {}
    by_id = {application.material_type_id(m): m for m in target.materials}
    given = kept(draft)
    for key, uploaded in (files or {}).items():
        type_id = int(key)
        if type_id not in by_id or uploaded is None:
            continue
        try:
            checked = uploads.check_file(uploaded)
            uploads.check_count(len(set(given) | {type_id}))
        except InvalidInput as exc:
            errors.setdefault(application.material_field(type_id), []).append(exc.message)
            continue
        given[type_id] = documents.store(
            user, type_id, checked, actor=user, written=written, request=request
        )
    wanted = {int(i) for i in reuse if str(i).isdigit() and int(i) in by_id}
    library = documents.library(user, wanted - set(given)) if wanted else {}
    given.update(library)
    for type_id, doc in given.items():
        DraftMaterial.objects.update_or_create(
            draft=draft, material_type_id=type_id, defaults={"document": doc}
        )
    return draft, errors


def check_step(target, draft: ApplicationDraft, step: int) -> dict:
    """The step's mistakes, to be fixed before going on: {field: [messages]}."""
    if step in (APPLICANT, MATTER):
        fields = step_fields(target, step)
        _cleaned, errors = forms.clean(fields, _plain_for(fields, draft))
        return errors
    if step == MATERIALS:
        _given, errors = application.clean_materials(
            draft.applicant, target.materials, {}, (), kept=kept(draft)
        )
        return errors
    return {}


def _plain_for(fields, draft) -> dict:
    keys = {f.key for f in fields}
    return {k: v for k, v in forms.plain_data(draft.form_data).items() if k in keys}


def submit(user, draft: ApplicationDraft, *, delivery=None, request=None):
    """Submit the draft through the one intake service, and delete it with the submission.
    ``delivery``: the 送达方式 chosen at the last step (``services.clean_delivery``).

    Raises InvalidInput with every mistake (keyed by field or material) as
    ``application.apply`` does; the draft and its files are then left as they were.
    """
    if draft.applicant_id != getattr(user, "pk", None):
        raise NotFound(_("没有这个草稿"))
    target = target_of(draft)
    with transaction.atomic():
        case = application.apply(
            user,
            target,
            form_data=_plain_for(target.fields, draft),
            files={},
            kept=kept(draft),
            delivery=delivery,
            request=request,
        )
        ApplicationDraft.objects.filter(pk=draft.pk).delete()
    return case


@transaction.atomic
def delete(user, draft_id, *, request=None) -> None:
    """The applicant deletes a draft (its documents stay in the material library)."""
    draft = draft_for(user, draft_id)
    record(
        "case.draft_delete",
        actor=user,
        obj=draft,
        after={"step": draft.step},
        request=request,
        summary=name_of(draft),
    )
    draft.delete()


@transaction.atomic
def purge_expired(now=None) -> int:
    """Delete every draft past its expiry; the number deleted."""
    now = now or timezone.now()
    expired = ApplicationDraft.objects.filter(expires_at__lte=now)
    count = expired.count()
    if count:
        expired.delete()
        record("case.draft_purge", actor=None, after={"deleted": count}, summary=str(count))
    return count
