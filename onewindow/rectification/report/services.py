"""Writes of the progress report: draft, edit the narrative, publish; public feedback.

- Leaders and party-group members draft, edit and publish; discipline officers and hall
  supervisors read (selectors.py); the public sees published reports only.
- A draft is composed live from the ledger each time it is shown or downloaded.
- Publishing freezes the composed structure and its counts in ``snapshot`` (the public
  page and the Word file of a published report never change after that), assigns the public
  address, and is audited. A published report is never withdrawn or edited: a later report
  is drafted instead.
- Public feedback on a published report is stored and opens a work order (建议, source
  整改通报意见反馈) in the same transaction; submissions are throttled per address.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core import throttle
from onewindow.core.audit.services import record
from onewindow.core.errors import Conflict, DomainError, InvalidInput, PermissionDenied
from onewindow.core.pii import validators
from onewindow.core.pii.freetext import columns

from ..constants import TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, ReportStatus
from ..ledger import permissions
from ..models import Category, Inspection, Problem, ProgressReport, ReportFeedback
from . import compose as composer
from . import docx as word

# The ledger's own rules (ledger/permissions.py): who manages it drafts; who sees it reads.
DRAFTERS = permissions.MANAGE_ROLES
READERS = permissions.SEE_ALL_ROLES
SHORT_TEXT_MAX_LENGTH = 100
FEEDBACK_MAX_LENGTH = 1000
FEEDBACK_NAME_MAX_LENGTH = 50
THROTTLE_SECONDS = 3600


def can_draft(user) -> bool:
    return permissions.may_manage(user)


def can_read(user) -> bool:
    return permissions.sees_all(user)


def _require_drafter(user) -> None:
    if not can_draft(user):
        raise PermissionDenied(_("只有局领导、党组成员可以起草、修改和公开整改通报"))


# --- the document ---------------------------------------------------------------------------


def structure(report: ProgressReport) -> dict:
    """What the report says: the frozen snapshot once published, else composed live."""
    if report.status == ReportStatus.PUBLISHED and report.snapshot:
        return report.snapshot
    return composer.compose(report.inspection, report.narrative, title=report.title)


def build_docx(report_or_inspection, narrative=None) -> bytes:
    """The Word document (公文 layout) of a report, or of an inspection's ledger as it stands."""
    if isinstance(report_or_inspection, ProgressReport):
        report = report_or_inspection
        if narrative is not None and report.status == ReportStatus.DRAFT:
            data = composer.compose(report.inspection, narrative, title=report.title)
        else:
            data = structure(report)
    else:
        data = composer.compose(report_or_inspection, narrative)
    return word.render(data, composer.blocks(data))


def download_docx(user, report: ProgressReport, *, request=None) -> bytes:
    data = build_docx(report)
    with transaction.atomic():
        record(
            "rectification.report.download",
            actor=user,
            obj=report,
            after={"status": report.status, "bytes": len(data)},
            request=request,
            summary=_("下载整改通报《%(title)s》") % {"title": report.title},
        )
    return data


# --- draft, edit, publish ------------------------------------------------------------------


@transaction.atomic
def create_draft(inspection: Inspection, *, actor, request=None) -> ProgressReport:
    _require_drafter(actor)
    report = ProgressReport.objects.create(
        inspection=inspection,
        title=composer.default_title(inspection)[:TITLE_MAX_LENGTH],
        narrative=composer.default_narrative(inspection),
        status=ReportStatus.DRAFT,
        created_by=actor,
    )
    record(
        "rectification.report.create",
        actor=actor,
        obj=report,
        after={"inspection": inspection.pk, "title": report.title},
        request=request,
        summary=_("起草整改通报《%(title)s》") % {"title": report.title},
    )
    return report


def clean_narrative(report: ProgressReport, title, narrative: dict) -> tuple[str, dict]:
    """Check sizes and keys; every message names the part at fault, in Chinese."""
    errors: dict = {}
    title = str(title or "").strip()
    if not title:
        errors["title"] = [_("请填写标题")]
    elif len(title) > TITLE_MAX_LENGTH:
        errors["title"] = [_("标题不能超过%(n)s个字") % {"n": TITLE_MAX_LENGTH}]
    cleaned = dict(report.narrative or {})
    short = {"contact_phone", "contact_mailbox", "contact_email", "signature"}
    for key in composer.TEXT_KEYS:
        if key not in narrative:
            continue
        value = str(narrative[key] or "").replace("\r\n", "\n").strip()
        limit = SHORT_TEXT_MAX_LENGTH if key in short else TEXT_MAX_LENGTH
        if "\x00" in value:
            errors[key] = [_("内容含有无效字符")]
        elif len(value) > limit:
            errors[key] = [_("不能超过%(n)s个字") % {"n": limit}]
        cleaned[key] = value
    if "state_measures" in narrative:
        cleaned["state_measures"] = narrative["state_measures"] is not False
    if "signature" in narrative and not cleaned.get("signature"):
        errors["signature"] = [_("请填写落款单位")]
    for key, model in (("problem_texts", Problem), ("category_notes", Category)):
        if key not in narrative:
            continue
        given = narrative[key] or {}
        own = {
            str(pk)
            for pk in model.objects.filter(inspection=report.inspection).values_list(
                "pk", flat=True
            )
        }
        texts = {}
        for pk, text in given.items():
            text = str(text or "").replace("\r\n", "\n").strip()
            if str(pk) not in own:
                errors[key] = [_("所填内容不属于本次巡察")]
                continue
            if len(text) > TEXT_MAX_LENGTH or "\x00" in text:
                errors[f"{key}.{pk}"] = [_("不能超过%(n)s个字") % {"n": TEXT_MAX_LENGTH}]
            if text:
                texts[str(pk)] = text
        cleaned[key] = texts
    if errors:
        first = next(iter(errors.values()))[0]
        raise InvalidInput(first, errors=errors)
    return title, cleaned


@transaction.atomic
def edit_narrative(
    report: ProgressReport, *, actor, title, narrative: dict, request=None
) -> ProgressReport:
    _require_drafter(actor)
    title, cleaned = clean_narrative(report, title, narrative)
    before = {"title": report.title, "narrative": report.narrative}
    now = timezone.now()
    # Assigned on the instance first: numbers the editor saw masked are kept as written.
    report.title, report.narrative = title, cleaned
    updated = ProgressReport.objects.filter(pk=report.pk, status=ReportStatus.DRAFT).update(
        **columns(report, "title", "narrative"), updated_at=now
    )
    if not updated:
        raise Conflict(_("该通报已公开，不能再修改；如需更新，请起草新的通报"))
    report.updated_at = now
    title, cleaned = report.title, report.narrative
    record(
        "rectification.report.edit",
        actor=actor,
        obj=report,
        before=before,
        after={"title": title, "narrative": cleaned},
        request=request,
        summary=_("修改整改通报《%(title)s》") % {"title": title},
    )
    return report


@transaction.atomic
def publish(report: ProgressReport, *, actor, request=None) -> ProgressReport:
    _require_drafter(actor)
    now = timezone.now()
    today = timezone.localdate(now)
    snapshot = composer.compose(
        report.inspection, report.narrative, title=report.title, signed_on=today
    )
    slug = f"tb{today:%Y%m%d}-{report.pk}"
    updated = ProgressReport.objects.filter(pk=report.pk, status=ReportStatus.DRAFT).update(
        status=ReportStatus.PUBLISHED,
        snapshot=snapshot,
        slug=slug,
        published_by=actor,
        published_at=now,
        updated_at=now,
    )
    if not updated:
        raise Conflict(_("该通报已公开，不能重复公开"))
    report.refresh_from_db()
    record(
        "rectification.report.publish",
        actor=actor,
        obj=report,
        before={"status": ReportStatus.DRAFT},
        after={"status": ReportStatus.PUBLISHED, "slug": slug, "counts": snapshot["counts"]},
        request=request,
        summary=_("公开整改通报《%(title)s》") % {"title": report.title},
    )
    return report


# --- public feedback ----------------------------------------------------------------------


def submit_feedback(
    report: ProgressReport, *, content, name="", phone="", user=None, request=None
) -> ReportFeedback:
    """A member of the public's opinion on a published report; opens a 建议 work order."""
    if report.status != ReportStatus.PUBLISHED:
        raise InvalidInput(_("该通报尚未公开"))
    key = throttle.take(
        "rectification:report-feedback",
        request,
        limit=settings.RECTIFICATION_REPORT_FEEDBACK_PER_HOUR,
        seconds=THROTTLE_SECONDS,
        message=_("提交过于频繁，请一小时后再试。"),
    )
    try:
        return _submit_feedback(report, content, name, phone, user, request)
    except Exception:
        throttle.give_back(key)  # only accepted submissions count
        raise


def _submit_feedback(report, content, name, phone, user, request) -> ReportFeedback:
    from onewindow.feedback.constants import WorkOrderKind, WorkOrderSource
    from onewindow.feedback.orders.services import open_work_order

    errors: dict = {}
    content = str(content or "").replace("\r\n", "\n").strip()
    name = str(name or "").strip()
    phone = str(phone or "").strip()
    if not content:
        errors["content"] = [_("请填写意见建议")]
    elif len(content) > FEEDBACK_MAX_LENGTH:
        errors["content"] = [_("意见建议不能超过%(n)s个字") % {"n": FEEDBACK_MAX_LENGTH}]
    elif "\x00" in content:
        errors["content"] = [_("意见建议含有无效字符")]
    if len(name) > FEEDBACK_NAME_MAX_LENGTH or "\x00" in name:
        errors["name"] = [_("姓名不能超过%(n)s个字") % {"n": FEEDBACK_NAME_MAX_LENGTH}]
    if phone:
        try:
            phone = validators.validate_phone(phone)
        except DomainError:
            errors["phone"] = [_("请填写正确的手机号码，或留空")]
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], errors=errors)
    requester = user if user is not None and user.is_authenticated else None
    with transaction.atomic():
        order = open_work_order(
            source=WorkOrderSource.REPORT_FEEDBACK,
            kind=WorkOrderKind.SUGGESTION,
            subject=(_("对《%(title)s》的意见建议") % {"title": report.title})[:200],
            content=content,
            requester_name=name,
            requester_phone=phone,
            requester=requester,
            is_real_name=bool(name and phone),
            request=request,
        )
        feedback = ReportFeedback.objects.create(
            report=report, name=name, content=content, work_order=order
        )
        record(
            "rectification.report.feedback",
            actor=requester,
            obj=feedback,
            after={"report": report.pk, "work_order": order.number, "length": len(content)},
            request=request,
            summary=_("整改通报意见反馈，工单 %(number)s") % {"number": order.number},
        )
    return feedback
