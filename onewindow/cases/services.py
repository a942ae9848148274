"""Writes of cases: application, acceptance at the window, delivery.

Every function is atomic, checks the actor and the transition against workflow.py,
changes the status with a conditional UPDATE (zero rows: Conflict "该办件已被他人处理"),
writes the applicant's timeline (CaseEvent) and an audit event, and drives the case's
working-day clocks through core.workdays.

This module is the bottom of the cases app's writes: every change of a case's state is
here (application, acceptance at the window, department review, the decision, 办结), and
it imports only the kernel below it (constants, models, workflow, moves, form_data). The
sub-packages (intake, window, department, certificates, clocks, statistics, instant,
demo) call it; it calls none of them. What an upper layer must do in the same
transaction after a step registers here at start-up (``CasesConfig.ready``):
``after_submit`` (instant approval, 秒批) and ``after_approval`` (certificates and the
delivery clock).

Department review: a case in review has one DepartmentTask per department,
all running in parallel; the case is decided when every task is decided (approved if all
approved, otherwise refused with every refusing department's reason). A pause on any task
(expert review, site inspection, 补正 …) pauses the case's clocks; they run again when no
task is paused. Task operations first lock the case row (a conditional UPDATE on it), then
change the task with its own conditional UPDATE, so two departments acting at the same
moment are serialised and the last one to decide is the one that decides the case.

Clocks start at acceptance (受理 or 容缺受理), never before: a submission waiting for the
window has no clock, but ``selectors.unanswered_submissions`` lists those the window has
not answered within the legal 5 working days (they count as accepted in law).
容缺受理 does NOT pause the clocks: review goes on meanwhile, so the time is the bureau's.
"""

from __future__ import annotations

import functools
from datetime import date, datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.accounts.constants import AccountKind
from onewindow.catalog import selectors as catalog_selectors
from onewindow.catalog.constants import ApplicantType, ReformList, VersionStatus
from onewindow.catalog.models import Bundle, Industry, ItemVersion, ListEntry, ServiceItem
from onewindow.core import audit, rows
from onewindow.core.audit import record
from onewindow.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from onewindow.core.pii.freetext import sealed_update
from onewindow.core.shared_cache import shared_cache as cache
from onewindow.core.workdays.constants import PauseKind
from onewindow.org.models import Department

from . import form_data as forms
from . import moves, workflow
from .constants import (
    CASES_SIGNOFF_LEVELS,
    NUMBER_PREFIX,
    OPEN_TASK_STATUSES,
    REASON_MAX_LENGTH,
    CaseStatus,
    Channel,
    Decision,
    DeliveryMethod,
    MaterialStatus,
    PromiseStatus,
    SignoffLevel,
    TaskStatus,
)
from .models import (
    Case,
    CaseMaterial,
    ConditionalPromise,
    DeficiencyNotice,
    DepartmentTask,
    InstantRule,
    ReviewChain,
    SignoffGrant,
    TaskSignoff,
)

NUMBER_ATTEMPTS = 5

# Steps of the upper layers run in the writer's transaction, registered at start-up
# (CasesConfig.ready) so that this module imports none of them.
_AFTER_SUBMIT = []  # f(case) -> case: instant approval (instant.approval.try_instant)
_AFTER_APPROVAL = []  # f(case) -> None: certificates and the delivery clock
_AFTER_DECISION = []  # f(case) -> None: a construction project's stage (projects/)


def after_submit(hook):
    """Register ``hook(case) -> case``, run after every submission (once per hook)."""
    if hook not in _AFTER_SUBMIT:
        _AFTER_SUBMIT.append(hook)
    return hook


def after_approval(hook):
    """Register ``hook(case)``, run when a case is approved (once per hook)."""
    if hook not in _AFTER_APPROVAL:
        _AFTER_APPROVAL.append(hook)
    return hook


def after_decision(hook):
    """Register ``hook(case)``, run when a case is decided either way, after the approval
    hooks (once per hook): a construction project's stage learns its item's decision."""
    if hook not in _AFTER_DECISION:
        _AFTER_DECISION.append(hook)
    return hook


def approved(case: Case) -> None:
    """Run the approval hooks (the department decision here, instant approval above)."""
    for hook in _AFTER_APPROVAL:
        hook(case)


def _next_number() -> str:
    """DY + today's date + a 6-digit sequence number.

    On PostgreSQL the digits come from the sequence ``cases_case_number`` (migration 0004):
    taking one locks nothing, so applications submitted at the same moment never wait for
    each other's commit (with "the day's max + 1" each one inserting the same number waits
    for the other to commit, fails and retries: submissions would run one at a time). The
    digits rise through the day but do not restart at 000001 each day, and a rolled-back
    application leaves a gap. SQLite serialises writers anyway: there it is max + 1.
    """
    prefix = f"{NUMBER_PREFIX}{timezone.localdate():%Y%m%d}"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval('cases_case_number')")
            return f"{prefix}{cursor.fetchone()[0]:06d}"
    last = (
        Case.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{sequence:06d}"


def _skip_taken_numbers() -> None:
    """After a number collision on PostgreSQL (cases numbered by other means today, e.g.
    imported or demo data), move the sequence past today's highest number."""
    if connection.vendor != "postgresql":
        return
    prefix = f"{NUMBER_PREFIX}{timezone.localdate():%Y%m%d}"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval('cases_case_number', GREATEST("
            " (SELECT last_value FROM cases_case_number),"
            " (SELECT COALESCE(max(substr(number, %s)::bigint), 1) FROM cases_case"
            "  WHERE number LIKE %s AND substr(number, %s) ~ '^[0-9]{6}$')))",
            [len(prefix) + 1, prefix + "%", len(prefix) + 1],
        )


# The published version of an item and its material list do not change between two
# publications, so applications read them from the cache (issue 17): an entry per item
# code under the catalogue's edition, which every publication, withdrawal or catalogue
# change replaces after its commit (catalog.excel.published.catalogue_changed), so the
# next application reads the new version from the database.
PUBLISHED_CACHE_SECONDS = 300


def _published_key(code: str) -> str:
    from onewindow.catalog.excel.published import cached_edition

    return f"cases:published:{cached_edition()}:{code}"


def _current_version(item) -> ItemVersion:
    """The item's published version, with its item, materials, form fields and 秒批 rules.

    Cached by code under the catalogue's edition. ``instant_rules`` is the list of the
    item's active instant-approval rules if it is on the 秒批秒办 list, else empty: what
    ``instant.approval.applies_to`` asks on every submission. Rules are replaced only by
    ``instant.approval.set_rules``, which forgets the entry (:func:`forget_published`);
    the list itself is part of the catalogue, whose every change gives a new edition.
    """
    code = item.code if isinstance(item, ServiceItem) else str(item)
    key = _published_key(code) if "\x00" not in code and len(code) <= 64 else None
    version = cache.get(key) if key else None
    if version is not None:
        return version
    versions = (
        ItemVersion.objects.select_related("item")
        .filter(status=VersionStatus.PUBLISHED)
        .prefetch_related("materials", "form_fields")
    )
    if isinstance(item, ServiceItem):
        version = versions.filter(item=item).first()
    else:
        version = versions.filter(item__code=code).first()
    if version is None:
        raise NotFound(_("该事项暂无可办理的现行版本"))
    on_list = ListEntry.objects.filter(
        list_code=ReformList.INSTANT, item_id=version.item_id
    ).exists()
    version.instant_rules = (
        list(
            InstantRule.objects.filter(item_id=version.item_id, is_active=True).order_by(
                "order", "pk"
            )
        )
        if on_list
        else []
    )
    if key:
        cache.set(key, version, PUBLISHED_CACHE_SECONDS)
    return version


def forget_published(code: str) -> None:
    """Drop the cached published version of item ``code`` (now and after the commit)."""
    key = _published_key(code)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key), robust=True)


def check_applicant_type(applicant, version) -> None:
    """A 法人 item is applied for by an enterprise account (or for one, at the window or by
    an agent, with the enterprise as the applicant and so the certificate's holder); a
    自然人 item names the person, never an enterprise account."""
    kind = getattr(applicant, "kind", "")
    if version.applicant_type == ApplicantType.ORGANISATION and kind != AccountKind.ENTERPRISE:
        raise InvalidInput(
            _(
                "该事项的服务对象为法人或其他组织，请使用企业账号申请，或由窗口、帮办代办员代企业申请"
            )
        )
    if version.applicant_type == ApplicantType.PERSON and kind == AccountKind.ENTERPRISE:
        raise InvalidInput(_("该事项的服务对象为自然人，请使用个人账号申请"))


def _open_industry(industry) -> Industry:
    """An industry whose comprehensive licence can be applied for (a replaced item is live)."""
    if not isinstance(industry, Industry):
        code = str(industry)
        industry = Industry.objects.filter(code=code).first() if "\x00" not in code else None
    if industry is None or not catalog_selectors.industry_versions(industry):
        raise NotFound(_("该行业综合许可暂未开放办理"))
    return industry


def start_application(
    applicant, *, item=None, bundle=None, industry=None, channel=Channel.ONLINE
) -> Case:
    """A draft case for ``item`` (its CURRENT published version), a published ``bundle``
    or an ``industry`` (一业一证: one form for the items its comprehensive licence replaces).
    """
    version, bundle, industry = _start_target(
        applicant, item=item, bundle=bundle, industry=industry, channel=channel
    )
    with transaction.atomic():
        case = Case(
            applicant=applicant,
            item_version=version,
            bundle=bundle,
            industry=industry,
            channel=channel,
        )
        _insert_case(case)
        _record_start(case, applicant)
        return case


def _start_target(applicant, *, item, bundle, industry, channel):
    """(version, bundle, industry) to start a case for, after every check of the applicant."""
    if applicant is None or not getattr(applicant, "is_authenticated", False):
        raise PermissionDenied(_("请先登录后再申请"))
    if not applicant.is_active:
        raise PermissionDenied()
    if [item, bundle, industry].count(None) != 2:
        raise InvalidInput(_("请选择要申请的事项或一件事"))
    if channel not in Channel.values:
        raise InvalidInput(_("申请渠道无效"), field="channel")
    version = None
    if item is not None:
        version = _current_version(item)
        check_applicant_type(applicant, version)
    elif industry is not None:
        industry = _open_industry(industry)
    else:
        if not isinstance(bundle, Bundle):
            bundle = Bundle.objects.filter(code=str(bundle)).first()
        if bundle is None or not bundle.is_published:
            raise NotFound(_("该一件事暂未开放办理"))
    return version, bundle, industry


def _record_start(case: Case, applicant) -> None:
    version, bundle, industry = case.item_version, case.bundle, case.industry
    record(
        "case.start",
        actor=applicant,
        obj=case,
        after={
            "number": case.number,
            "item": version.item.code if version else None,
            "version": version.number if version else None,
            "bundle": bundle.code if bundle else None,
            "industry": industry.code if industry else None,
            "channel": case.channel,
        },
        summary=_("发起申请 %(number)s") % {"number": case.number},
    )


# The number's digits from the sequence inside the INSERT itself (PostgreSQL): 6 digits,
# more once the sequence passes 999999, as f"{n:06d}" gives them.
_SEQUENCE_DIGITS = (
    "(SELECT CASE WHEN n < 1000000 THEN lpad(n::text, 6, '0') ELSE n::text END"
    " FROM (SELECT nextval('cases_case_number') AS n) AS s)"
)


@functools.cache
def _case_insert_sql(vendor: str) -> tuple[str, int]:
    """(the INSERT of a new case, the position of its number among the values)."""
    quote = connection.ops.quote_name
    fields = rows.fields(Case)
    at = next(i for i, f in enumerate(fields) if f.name == "number")
    marks = ["%s"] * len(fields)
    if vendor == "postgresql":
        marks[at] = f"%s || {_SEQUENCE_DIGITS}"
    sql = (
        f"INSERT INTO {quote(Case._meta.db_table)} ({rows.columns(Case)})"  # noqa: S608
        f" VALUES ({', '.join(marks)}) ON CONFLICT ({quote('number')}) DO NOTHING"
        f" RETURNING {quote('id')}, {quote('number')}"
    )
    return sql, at


def _insert_case(case: Case) -> Case:
    """Write the new ``case`` with the next number of the day: one INSERT … RETURNING.

    On PostgreSQL the number's digits come from the sequence ``cases_case_number`` in the
    statement itself (see ``_next_number``); on SQLite, which serialises writers, from the
    day's highest number + 1. A number already taken (cases numbered by other means today)
    inserts nothing (ON CONFLICT DO NOTHING: no error, so no savepoint is needed): the
    sequence moves past today's numbers and the next attempt takes a free one.
    """
    sql, at = _case_insert_sql(connection.vendor)
    prefix = f"{NUMBER_PREFIX}{timezone.localdate():%Y%m%d}"
    for _attempt in range(NUMBER_ATTEMPTS):
        case.number = prefix if connection.vendor == "postgresql" else _next_number()
        params = rows.values(case)
        params[at] = case.number
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is not None:
            case.number = row[1]
            rows.saved(case, row[0])
            return case
        _skip_taken_numbers()  # taken: the next attempt takes a free one
    raise Conflict(_("办件编号生成冲突，请稍后重试"))


# -- helpers ------------------------------------------------------------------------


def _materials(case: Case) -> list[CaseMaterial]:
    return list(case.materials.order_by("order", "pk"))


def _snapshot_materials(case: Case) -> list[CaseMaterial]:
    """The case's material list, copied from its version (bundle, industry) at first submission."""
    return _materials(case) or _copy_materials(case)


def _copy_materials(case: Case, supplied: set[int] = frozenset()) -> list[CaseMaterial]:
    """Copy the version's (bundle's, industry's) list to the case, ``supplied`` marked as given.

    Marking while copying saves a case that was never submitted the UPDATE that
    ``_mark_supplied`` would make right after; InvalidInput if ``supplied`` names a
    material the list does not have.
    """
    return _insert_materials(case, _material_rows(case, supplied))


def _insert_materials(case: Case, materials: list[CaseMaterial]) -> list[CaseMaterial]:
    """One multi-row INSERT (rows.insert); the ids come back in (order, pk) order."""
    for material in materials:
        material.case = case
    return rows.insert(materials)


def _material_rows(case: Case, supplied: set[int]) -> list[CaseMaterial]:
    """The case's material list (unsaved), or InvalidInput if ``supplied`` is not all in it."""
    if case.item_version is not None:
        source = case.item_version.materials.all()
    elif case.industry_id is not None:
        source = catalog_selectors.industry_materials(case.industry)
    else:
        source = catalog_selectors.bundle_materials(case.bundle)
    now = timezone.now()
    materials = []
    for index, m in enumerate(source, start=1):
        type_id = getattr(m, "material_type_id", None) or m.material_type.pk
        given = type_id in supplied
        materials.append(
            CaseMaterial(
                material_type_id=type_id,
                order=index,
                name=m.name,
                required=m.required,
                conditional_eligible=m.conditional_eligible,
                status=MaterialStatus.SUPPLIED if given else MaterialStatus.MISSING,
                supplied_at=now if given else None,
            )
        )
    _check_known(supplied, materials, "supplied")
    return materials


def _check_known(ids: set[int], materials, field: str) -> None:
    known = {m.material_type_id for m in materials}
    if not ids <= known:
        raise InvalidInput(_("所列材料不属于本办件"), field=field)


def _mark_supplied(case: Case, ids: set[int]) -> int:
    if not ids:
        return 0
    return CaseMaterial.objects.filter(case=case, material_type_id__in=ids).update(
        status=MaterialStatus.SUPPLIED, promised_by=None, supplied_at=timezone.now()
    )


def _items(materials, ids: set[int]) -> list[dict]:
    return [
        {"material_type": m.material_type_id, "name": m.name}
        for m in materials
        if m.material_type_id in ids
    ]


def _date(value, field: str) -> date | None:
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    if value in (None, ""):
        return None
    raise InvalidInput(_("日期格式不正确"), field=field)


# -- the applicant --------------------------------------------------------------------


@transaction.atomic
def submit(user, case, *, supplied=(), form_data=None, delivery=None, request=None) -> Case:
    """Hand in a draft with the materials given (material-type ids): it waits for the window.

    ``delivery``: the applicant's choice of 送达方式, ``{"method", "address", "consent"}``
    (see :func:`clean_delivery`); None keeps the case's (窗口领取 by default).
    """
    return _submit(
        user,
        moves.load_case(case),
        supplied=supplied,
        form_data=form_data,
        delivery=delivery,
        request=request,
    )


DELIVERY_ADDRESS_MAX = 300


def clean_delivery(delivery) -> dict:
    """The case fields for a choice of 送达方式; InvalidInput (Chinese, by field) otherwise.

    窗口领取 needs nothing; 邮寄送达 an address; 电子送达 the applicant's consent to receive
    the documents electronically (without it the choice is refused).
    """
    if not isinstance(delivery, dict):
        raise InvalidInput(_("请选择送达方式"), field="delivery_method")
    method = delivery.get("method") or ""
    if method not in DeliveryMethod.values:
        raise InvalidInput(_("请选择送达方式"), field="delivery_method")
    address = delivery.get("address") or ""
    if not isinstance(address, str) or "\x00" in address:
        raise InvalidInput(_("输入格式不正确"), field="delivery_address")
    address = " ".join(address.split())
    fields = {"delivery_method": method, "delivery_address": "", "e_delivery_consent_at": None}
    if method == DeliveryMethod.POST:
        if not address:
            raise InvalidInput(_("选择邮寄送达的，请填写邮寄地址"), field="delivery_address")
        if len(address) > DELIVERY_ADDRESS_MAX:
            raise InvalidInput(
                _("邮寄地址不能超过%(n)s个字") % {"n": DELIVERY_ADDRESS_MAX},
                field="delivery_address",
            )
        fields["delivery_address"] = address
    elif method == DeliveryMethod.ELECTRONIC:
        if delivery.get("consent") is not True:
            raise InvalidInput(
                _("选择电子送达的，须同意以站内信方式电子送达审批决定和证照"),
                field="e_delivery_consent",
            )
        fields["e_delivery_consent_at"] = timezone.now()
    return fields


def apply(
    user, *, item=None, bundle=None, supplied=(), form_data=None, delivery=None, request=None
) -> Case:
    """网上申请: start a case for the item's current version (or a bundle) and submit it.

    The same checks, in the same order, as ``start_application`` then ``submit`` (the
    applicant and the item, the workflow row, the materials, the form, cleaned and
    encrypted once), and the same records: the case, its material list, the submission's
    timeline event, the audit events ``case.start`` and ``case.submit``. One transaction:
    nothing stays behind if any step fails.

    The case is new, so it is written once, already submitted (one INSERT … RETURNING),
    instead of inserted as a draft and moved by a conditional UPDATE that nobody else
    could race: no row of it exists outside this transaction. Nothing is read back. The
    audit events join the chain together at the end (audit.deferred), so the chain head's
    lock is held only from there to the commit.
    """
    version, bundle, _industry = _start_target(
        user, item=item, bundle=bundle, industry=None, channel=Channel.ONLINE
    )
    with transaction.atomic(), audit.deferred():
        case = Case(applicant=user, item_version=version, bundle=bundle, channel=Channel.ONLINE)
        row = workflow.check(case, "submit", user)  # the draft's submission
        ids = moves.material_type_ids(supplied, "supplied")
        chosen = clean_delivery(delivery) if delivery is not None else {}
        for name, value in chosen.items():
            setattr(case, name, value)
        if form_data is not None:
            # The one cleaning of the form (checks, encryption) for every way in.
            case.form_data = forms.clean_or_raise(forms.case_fields(case), form_data)
        materials = _material_rows(case, ids)
        case.status, case.submitted_at = row.target, timezone.now()
        case.version_lock = 1  # started (0), then submitted, as the draft's move counts
        _insert_case(case)
        _record_start(case, user)
        _insert_materials(case, materials)
        after = _submission_record(ids, chosen)
        moves.written(case, row, actor=user, after=after, request=request)
        started = case
        case = _after_submit(case)
    # The started case holds its version and item: the answer needs no other query.
    case.item_version, case.bundle = started.item_version, started.bundle
    return case


def _submit(user, case, *, supplied, form_data, request, delivery=None) -> Case:
    row = workflow.check(case, "submit", user)
    ids = moves.material_type_ids(supplied, "supplied")
    chosen = clean_delivery(delivery) if delivery is not None else {}
    if form_data is not None:
        # The one cleaning of the form (checks, encryption) for every way in.
        form_data = forms.clean_or_raise(forms.case_fields(case), form_data)
    materials = _materials(case)
    if materials:  # a draft whose list was copied before (returned, or started at a window)
        _check_known(ids, materials, "supplied")
        _mark_supplied(case, ids)
    else:
        _copy_materials(case, ids)
    fields = {"submitted_at": timezone.now(), **chosen}
    if form_data is not None:
        fields["form_data"] = form_data
    after = _submission_record(ids, chosen)
    case = moves.move(case, row, actor=user, fields=fields, after=after, request=request)
    return _after_submit(case)


def _submission_record(ids, chosen: dict) -> dict:
    """What a submission's timeline and audit record: the materials given, the 送达方式."""
    after = {"supplied": sorted(ids)}
    if chosen:
        after["delivery_method"] = chosen["delivery_method"]
    return after


def _after_submit(case) -> Case:
    """秒批秒办: an item on the instant list with active rules is decided now, or handed to
    the window with the reasons (same transaction as the submission)."""
    for hook in _AFTER_SUBMIT:
        case = hook(case)
    return case


@transaction.atomic
def supplement(user, case, *, supplied, request=None) -> Case:
    """补正: the applicant hands in what the notice listed; the window's 5 days start again."""
    case = moves.load_case(case)
    row = workflow.check(case, "supplement", user)
    ids = moves.material_type_ids(supplied, "supplied")
    if not ids:
        raise InvalidInput(_("请提交补正材料"), field="supplied")
    materials = _materials(case)
    _check_known(ids, materials, "supplied")
    _mark_supplied(case, ids)
    now = timezone.now()
    case.deficiency_notices.filter(supplemented_at__isnull=True).update(supplemented_at=now)
    # 补正 before acceptance restarts the window's 5 days; a correction asked after a
    # department's return (退回补正) goes back to the window with the clocks still paused.
    fields = {"submitted_at": now} if row.target == CaseStatus.SUBMITTED else {}
    return moves.move(
        case,
        row,
        actor=user,
        fields=fields,
        after={"supplied": sorted(ids)},
        request=request,
    )


# -- the window -----------------------------------------------------------------------


@transaction.atomic
def accept(user, case, *, request=None) -> Case:
    """受理: every required material is in; the statutory and promised clocks start today."""
    case = moves.load_case(case)
    row = workflow.check(case, "accept", user, {"materials": _materials(case)})
    today = moves.today()
    case = moves.move(
        case,
        row,
        actor=user,
        fields={"accepted_at": timezone.now(), "accepted_by": user},
        request=request,
    )
    # Art. 32: accepted after the notice period, the case counts as accepted on the day
    # it was received, so its clocks start from the submission date.
    start = today
    if workflow.notice_period_over(case, today):
        start = timezone.localtime(case.submitted_at).date()
    moves.start_clocks(case, start)
    case.refresh_from_db()
    return case


DEEMED_NO_NOTICE = gettext_lazy(
    "该申请已依《行政许可法》第三十二条视为受理，不能再出具一次性告知书"
)


def deem_accepted(case, today: date | None = None, *, request=None) -> Case | None:
    """行政许可法 Art. 32: a submission the window has not answered within the notice period
    (CASES_ACCEPTANCE_NOTICE_DAYS working days, no 一次性告知) is accepted by law from the day
    it was received: the normal move (workflow row ``deem_accept``, timeline 依法视为受理,
    audit ``case.deem_accept``), ``accepted_at`` = the submission, the clocks started on the
    submission date. Returns the case, or None when there is nothing to do (not submitted,
    still within the period, or moved by someone else meanwhile): safe to call again.
    """
    today = today or moves.today()
    try:
        with transaction.atomic():
            case = moves.load_case(case)
            if case.status != CaseStatus.SUBMITTED or not workflow.notice_period_over(case, today):
                return None
            row = workflow.check(case, "deem_accept", None, {"today": today})
            submitted = timezone.localtime(case.submitted_at).date()
            case = moves.move(
                case,
                row,
                actor=None,
                fields={"accepted_at": case.submitted_at},
                note=_("提交后%(days)s个工作日内未作答复，依《行政许可法》第三十二条视为受理")
                % {"days": workflow.notice_days()},
                after={"deemed_accepted_on": submitted.isoformat()},
                request=request,
            )
            moves.start_clocks(case, submitted)
    except Conflict:
        return None
    case.refresh_from_db()
    return case


def deem_accept_unanswered(today: date | None = None) -> int:
    """The daily scan: every unanswered submission past the notice period is accepted."""
    from .selectors import unanswered_submissions

    today = today or moves.today()
    pks = list(unanswered_submissions(today).values_list("pk", flat=True))
    return sum(1 for pk in pks if deem_accepted(pk, today) is not None)


@transaction.atomic
def refuse(user, case, reason, *, request=None) -> Case:
    """不予受理 with the reason told to the applicant."""
    reason = moves.clean_text(reason, "reason", REASON_MAX_LENGTH)
    case = moves.load_case(case)
    row = workflow.check(case, "refuse", user, {"reason": reason})
    return moves.move(
        case,
        row,
        actor=user,
        fields={"decision_reason": reason, "concluded_at": timezone.now()},
        note=reason,
        after={"reason": reason},
        request=request,
    )


@transaction.atomic
def issue_deficiency_notice(user, case, missing, *, note="", request=None) -> DeficiencyNotice:
    """一次性告知: list every missing material at once; the applicant supplements.

    No clock runs yet (it starts at acceptance), so nothing is paused.
    """
    note = moves.clean_text(note, "note", REASON_MAX_LENGTH)
    case = moves.load_case(case)
    from .selectors import deemed_accepted_on

    if case.status != CaseStatus.SUBMITTED and deemed_accepted_on(case):
        raise Conflict(str(DEEMED_NO_NOTICE))
    materials = _materials(case)
    ids = moves.material_type_ids(missing, "missing")
    row = workflow.check(case, "notify_deficiency", user, {"materials": materials, "missing": ids})
    items = _items(materials, ids)
    CaseMaterial.objects.filter(case=case, material_type_id__in=ids).update(
        status=MaterialStatus.MISSING, supplied_at=None
    )
    notice = DeficiencyNotice.objects.create(case=case, items=items, note=note, issued_by=user)
    text = "、".join(i["name"] for i in items)
    moves.move(
        case,
        row,
        actor=user,
        note=_("请补正：%(items)s") % {"items": text} + (f"。{note}" if note else ""),
        after={"missing": items, "note": note},
        request=request,
    )
    return notice


@transaction.atomic
def accept_conditionally(
    user, case, *, missing, promise_date, signed, signed_by="", request=None
) -> ConditionalPromise:
    """容缺受理: accept with non-core materials missing on the applicant's signed promise.

    The promise date may not be later than the item's promised limit counted from today
    on the working-day calendar; an applicant with a broken earlier promise is refused.
    The clocks start today and keep running: review goes on meanwhile.
    """
    case = moves.load_case(case)
    materials = _materials(case)
    ids = moves.material_type_ids(missing, "missing")
    promise_date = _date(promise_date, "promise_date")
    signed_by = moves.clean_text(signed_by, "signed_by", 100) or case.applicant.display_name
    today = moves.today()
    _statutory, promised = moves.limits(case)
    ctx = {
        "materials": materials,
        "missing": ids,
        "promise_date": promise_date,
        "signed": signed,
        "today": today,
        "promised_limit": promised,
    }
    row = workflow.check(case, "accept_conditionally", user, ctx)
    items = _items(materials, ids)
    CaseMaterial.objects.filter(case=case, material_type_id__in=ids).update(
        status=MaterialStatus.PROMISED, promised_by=promise_date, supplied_at=None
    )
    promise = ConditionalPromise.objects.create(
        case=case,
        applicant=case.applicant,
        items=items,
        promise_date=promise_date,
        signed_by=signed_by or str(case.applicant),
        recorded_by=user,
    )
    text = "、".join(i["name"] for i in items)
    case = moves.move(
        case,
        row,
        actor=user,
        fields={"accepted_at": timezone.now(), "accepted_by": user},
        note=_("容缺材料：%(items)s，承诺于%(date)s前补齐")
        % {"items": text, "date": promise_date.isoformat()},
        after={"missing": items, "promise_date": promise_date.isoformat()},
        request=request,
    )
    moves.start_clocks(case, today)
    return promise


@transaction.atomic
def supply_promised(user, case, *, supplied, request=None) -> Case:
    """The window receives promised materials; when all are in, the promise is kept."""
    case = moves.load_case(case)
    row = workflow.check(case, "supply_promised", user)
    ids = moves.material_type_ids(supplied, "supplied")
    promised = {m.material_type_id for m in _materials(case) if m.status == MaterialStatus.PROMISED}
    if not ids:
        raise InvalidInput(_("请选择补齐的材料"), field="supplied")
    if not ids <= promised:
        raise InvalidInput(_("所列材料不是待补齐的容缺材料"), field="supplied")
    _mark_supplied(case, ids)
    if ids != promised:
        # Some still to come: the timeline says so, the status stays.
        moves.lock_case(case, case.status)
        moves.event(case, "supply_promised", actor=user, note=_("已补齐部分容缺材料"))
        moves.audit(
            case, "supply_promised", actor=user, after={"supplied": sorted(ids)}, request=request
        )
        case.refresh_from_db()
        return case
    kept = ConditionalPromise.objects.filter(case=case, status=PromiseStatus.PENDING).update(
        status=PromiseStatus.KEPT, closed_at=timezone.now()
    )
    if not kept:
        raise moves.conflict()
    return moves.move(
        case,
        row,
        actor=user,
        note=_("容缺材料已全部补齐"),
        after={"supplied": sorted(ids)},
        request=request,
    )


@transaction.atomic
def conclude(user, case, *, note="", request=None) -> Case:
    """办结: the decision is delivered to the applicant (window or post)."""
    note = moves.clean_text(note, "note", REASON_MAX_LENGTH)
    case = moves.load_case(case)
    row = workflow.check(case, "conclude", user)
    case = moves.move(
        case, row, actor=user, fields={"concluded_at": timezone.now()}, note=note, request=request
    )
    # Delivered or concluded at the window without a delivery record: either way the
    # applicant has the decision, so its delivery clock must not go on warning.
    moves.stop_delivery_clock(case)
    return case


# -- department review: dispatch, parallel tasks, pauses, the decision; 容缺 expiry --

# Pauses a department may start; 容缺 waiting never pauses (review goes on meanwhile).
TASK_PAUSE_KINDS = frozenset(PauseKind.values) - {PauseKind.CONDITIONAL}


def _departments(values) -> list[Department]:
    if values is None or isinstance(values, (str, bytes)):
        raise InvalidInput(_("请选择至少一个承办部门"), field="departments")
    ids = []
    for value in values:
        pk = value.pk if isinstance(value, Department) else value
        if isinstance(pk, str) and pk.strip().isdigit():
            pk = int(pk)
        if isinstance(pk, bool) or not isinstance(pk, int):
            raise InvalidInput(_("承办部门不正确"), field="departments")
        if pk not in ids:
            ids.append(pk)
    found = {d.pk: d for d in Department.objects.filter(pk__in=ids, is_active=True)}
    if len(found) != len(ids):
        raise InvalidInput(_("承办部门不存在或已停用"), field="departments")
    return [found[pk] for pk in ids]


@transaction.atomic
def dispatch(user, case, departments, *, request=None) -> list[DepartmentTask]:
    """分送: one task per department, reviewed in parallel."""
    case = moves.load_case(case)
    chosen = _departments(departments)
    row = workflow.check(case, "dispatch", user, {"departments": chosen})
    case = moves.move(
        case,
        row,
        actor=user,
        note="、".join(d.name for d in chosen),
        after={"departments": [d.code for d in chosen]},
        request=request,
    )
    # Each task carries the promised due date, so worklists sort on their own table, and
    # the review chain of the case's item (承办 → 审核 → 签发, decision 0021).
    due = moves.promised_due(case)
    levels = chain_for(case)
    if row.source == CaseStatus.RETURNED:
        # Dispatched again after 退回窗口: the clocks run again; a department that had the
        # case starts a new round of its task (its earlier opinions stay on record).
        moves.resume_clocks(case, moves.today())
        again = []
        for department in chosen:
            task = DepartmentTask.objects.filter(case=case, department=department).first()
            if task is None:
                continue
            DepartmentTask.objects.filter(pk=task.pk).update(
                status=TaskStatus.PENDING,
                levels=",".join(levels),
                level=levels[0],
                round=task.round + 1,
                decided_by=None,
                decided_at=None,
                started_at=None,
                due_on=due,
                **sealed_update(DepartmentTask, {"reason": ""}),
            )
            again.append(department.pk)
        DepartmentTask.objects.bulk_create(
            [
                DepartmentTask(
                    case=case, department=d, due_on=due, levels=",".join(levels), level=levels[0]
                )
                for d in chosen
                if d.pk not in again
            ]
        )
        return list(case.tasks.filter(department__in=chosen).order_by("pk"))
    return DepartmentTask.objects.bulk_create(
        [
            DepartmentTask(
                case=case, department=d, due_on=due, levels=",".join(levels), level=levels[0]
            )
            for d in chosen
        ]
    )


@transaction.atomic
def return_to_window(user, task, reason, *, request=None) -> Case:
    """退回窗口: a reviewing department sends the case back to the window with its reasons.

    Every open task of the case ends (cancelled), the clocks pause (the time is the
    applicant's, as for 补正), and the window decides: ask the applicant to correct
    (``request_correction``) or dispatch again.
    """
    reason = moves.clean_text(reason, "reason", REASON_MAX_LENGTH)
    task = _load_task(user, task)
    if task.status not in OPEN_TASK_STATUSES:
        raise moves.conflict()
    case = moves.load_case(task.case)
    row = workflow.find(case.status, "return_to_window")
    if not workflow.may_act(row, user, case, task.department_id):
        raise PermissionDenied()
    workflow.reason_given(case, {"reason": reason})
    case = moves.move(
        case,
        row,
        actor=user,
        note=f"{task.department.name}：{reason}",
        after={"department": task.department.code, "reason": reason},
        request=request,
    )
    DepartmentTask.objects.filter(case=case, status__in=OPEN_TASK_STATUSES).update(
        status=TaskStatus.CANCELLED
    )
    moves.pause_clocks(case, PauseKind.SUPPLEMENT, moves.today())
    return case


@transaction.atomic
def request_correction(user, case, reason, *, request=None) -> Case:
    """The window asks the applicant to correct what the department found (退回补正)."""
    reason = moves.clean_text(reason, "reason", REASON_MAX_LENGTH)
    case = moves.load_case(case)
    row = workflow.check(case, "request_correction", user, {"reason": reason})
    return moves.move(case, row, actor=user, note=reason, after={"reason": reason}, request=request)


def clean_levels(value) -> list[str]:
    """A chain as a list of levels in order: known, no repeats, ending with one that
    decides; InvalidInput otherwise."""
    parts = [p.strip() for p in str(value or "").split(",") if p.strip()]
    if not parts or len(set(parts)) != len(parts):
        raise InvalidInput(_("审批层级不正确"), field="levels")
    order = list(SignoffLevel.values)
    if any(p not in order for p in parts) or parts != sorted(parts, key=order.index):
        raise InvalidInput(_("审批层级须按承办、审核、签发的顺序填写"), field="levels")
    return parts


def chain_for(case) -> list[str]:
    """The review chain of ``case``: its item's own, else one level for 即办 (promised
    within 0 working days), else settings.CASES_SIGNOFF_LEVELS."""
    version = case.item_version
    if version is not None:
        own = ReviewChain.objects.filter(item_id=version.item_id).first()
        if own is not None:
            return clean_levels(own.levels)
        if version.promised_limit_days == 0:
            return [SignoffLevel.HANDLE]
    return clean_levels(getattr(settings, "CASES_SIGNOFF_LEVELS", CASES_SIGNOFF_LEVELS))


def may_sign(user, level: str) -> bool:
    """承办: every approver of the department; 审核 and 签发: a SignoffGrant."""
    if level == SignoffLevel.HANDLE:
        return True
    return SignoffGrant.objects.filter(user=user, level=level).exists()


def _load_task(user, task) -> DepartmentTask:
    """The task if it belongs to the user's department; NotFound otherwise (no probing)."""
    pk = task.pk if isinstance(task, DepartmentTask) else task
    department_id = getattr(user, "department_id", None) if user is not None else None
    found = None
    if department_id is not None and isinstance(pk, int) and not isinstance(pk, bool):
        found = (
            DepartmentTask.objects.select_related("case", "department")
            .filter(pk=pk, department_id=department_id)
            .first()
        )
    if found is None:
        raise NotFound(_("未找到该审查任务，或您无权处理"))
    return found


def _move_task(task: DepartmentTask, row, fields: dict) -> None:
    updated = DepartmentTask.objects.filter(pk=task.pk, status=row.source).update(
        status=row.target, **sealed_update(DepartmentTask, fields)
    )
    if not updated:
        raise moves.conflict()


def _task_step(user, task, action: str, ctx: dict, fields: dict, *, note="", request=None):
    """Lock the case, check and apply a task row, write the timeline and the audit."""
    task = _load_task(user, task)
    case = task.case
    row = workflow.check(case, action, user, ctx, task=task)
    moves.lock_case(case, CaseStatus.IN_REVIEW)
    _move_task(task, row, fields)
    moves.event(case, f"task_{action}", actor=user, note=note, department=task.department)
    moves.audit(
        case,
        f"task_{action}",
        actor=user,
        obj=task,
        before={"task_status": row.source},
        after={"task_status": row.target, "department": task.department.code, **ctx_public(ctx)},
        request=request,
    )
    task.refresh_from_db()
    return task, case


def ctx_public(ctx: dict) -> dict:
    return {k: v for k, v in ctx.items() if k in ("reason", "kind")}


@transaction.atomic
def start_review(user, task, *, request=None) -> DepartmentTask:
    task, _case = _task_step(
        user, task, "start_review", {}, {"started_at": timezone.now()}, request=request
    )
    return task


@transaction.atomic
def pause_task(user, task, kind, reason, *, request=None) -> DepartmentTask:
    """Pause for expert review, site inspection, hearing or 补正: the case's clocks stop."""
    if kind not in TASK_PAUSE_KINDS:
        raise InvalidInput(_("暂停原因不正确"), field="kind")
    reason = moves.clean_text(reason, "reason", REASON_MAX_LENGTH)
    label = PauseKind(kind).label
    task, case = _task_step(
        user,
        task,
        "pause",
        {"reason": reason, "kind": kind},
        {"pause_kind": kind, "pause_reason": reason},
        note=f"{label}：{reason}",
        request=request,
    )
    moves.pause_clocks(case, kind, moves.today())
    return task


@transaction.atomic
def resume_task(user, task, *, request=None) -> DepartmentTask:
    """End the pause; the clocks run again once no task of the case is paused."""
    task, case = _task_step(
        user, task, "resume", {}, {"pause_kind": "", "pause_reason": ""}, request=request
    )
    if not case.tasks.filter(status=TaskStatus.PAUSED).exists():
        moves.resume_clocks(case, moves.today())
    return task


def _check_level(user, task: DepartmentTask, level) -> list[str]:
    """The task's chain; Conflict (409) when the sign-off is not this level's to give."""
    levels = task.levels.split(",")
    if level is not None and level != task.level:
        raise Conflict(
            _("该任务当前处于“%(level)s”环节，请刷新后重试")
            % {"level": SignoffLevel(task.level).label}
        )
    if not may_sign(user, task.level):
        raise Conflict(
            _("该任务当前处于“%(level)s”环节，您没有该环节的审批权限")
            % {"level": SignoffLevel(task.level).label}
        )
    if TaskSignoff.objects.filter(task=task, round=task.round, actor=user).exists():
        raise Conflict(_("同一人员不能在同一任务中签署两个环节"))
    return levels


def _record_signoff(user, task, approve: bool, reason: str) -> None:
    TaskSignoff.objects.create(
        task=task, round=task.round, level=task.level, actor=user, approve=approve, opinion=reason
    )


@transaction.atomic
def decide_task(user, task, approve, reason="", *, level=None, request=None) -> DepartmentTask:
    """One level's opinion on a department's task (承办 → 审核 → 签发, decision 0021).

    ``level``: the level the page showed; another level is a Conflict (409), as is a
    person without that level's grant or one who signed an earlier level of the task.
    Approval below the last level passes the task to the next level; a refusal at any
    level, or the approval of the last level, decides the task; the last task decides the
    case.
    """
    if not isinstance(approve, bool):
        raise InvalidInput(_("请选择同意或不同意"), field="approve")
    reason = moves.clean_text(reason, "reason", REASON_MAX_LENGTH)
    found = _load_task(user, task)
    levels = _check_level(user, found, level)
    if approve and found.level != levels[-1]:
        return _pass_level(user, found, levels, reason, request=request)
    _record_signoff(user, found, approve, reason)
    action = "approve" if approve else "refuse"
    task, case = _task_step(
        user,
        task,
        action,
        {"reason": reason},
        {"decided_by": user, "decided_at": timezone.now(), "reason": reason},
        note=reason,
        request=request,
    )
    if not case.tasks.filter(status__in=OPEN_TASK_STATUSES).exists():
        _decide_case(case, request=request)
    return task


def _pass_level(user, task, levels, reason, *, request=None) -> DepartmentTask:
    """承办 or 审核 agreed: the task goes to the next level (conditional UPDATE)."""
    case = task.case
    row = workflow.check(case, "sign_off", user, {"reason": reason}, task=task)
    moves.lock_case(case, CaseStatus.IN_REVIEW)
    current = task.level
    following = levels[levels.index(current) + 1]
    updated = DepartmentTask.objects.filter(
        pk=task.pk, status=row.source, level=current, round=task.round
    ).update(level=following)
    if not updated:
        raise moves.conflict()
    _record_signoff(user, task, True, reason)
    label = SignoffLevel(current).label
    note = _("%(level)s意见：%(opinion)s") % {"level": label, "opinion": reason or _("同意")}
    moves.event(case, "task_sign_off", actor=user, note=note, department=task.department)
    moves.audit(
        case,
        "task_sign_off",
        actor=user,
        obj=task,
        before={"level": current},
        after={"level": following, "department": task.department.code, "reason": reason},
        request=request,
    )
    task.refresh_from_db()
    return task


def signers(case) -> list[str]:
    """Who signed the decision: each approving task's last level's signer, by department."""
    rows = (
        TaskSignoff.objects.filter(task__case=case, approve=True, task__status=TaskStatus.APPROVED)
        .select_related("actor", "task__department")
        .order_by("task_id", "-round", "-pk")
    )
    seen, names = set(), []
    for row in rows:
        if row.task_id in seen:
            continue
        seen.add(row.task_id)
        names.append(f"{row.task.department.name} {row.actor.display_name or row.actor}")
    return names


def _decide_case(case: Case, *, request=None) -> Case:
    """Every task decided: approve if all approved, else refuse with the reasons."""
    case = moves.load_case(case)
    row = workflow.check(case, "decide", None)
    refusals = list(
        case.tasks.filter(status=TaskStatus.REFUSED).select_related("department").order_by("pk")
    )
    decision = Decision.REFUSED if refusals else Decision.APPROVED
    reason = "；".join(f"{t.department.name}：{t.reason}" for t in refusals)
    # The decision carries its signers (签发人), in the timeline and the audit record.
    signed = signers(case) if decision == Decision.APPROVED else []
    note = f"{Decision(decision).label}" + (f"（{reason}）" if reason else "")
    if signed:
        note += _("，签发：%(names)s") % {"names": "、".join(signed)}
    case = moves.move(
        case,
        row,
        actor=None,
        fields={"decision": decision, "decision_reason": reason, "decided_at": timezone.now()},
        note=note,
        after={"decision": decision, "reason": reason, "signers": signed},
        request=request,
    )
    moves.stop_clocks(case, moves.today())
    if decision == Decision.APPROVED:
        # The certificates and the delivery clock, in the decision's transaction.
        approved(case)
    for hook in _AFTER_DECISION:
        hook(case)
    return case


@transaction.atomic
def expire_broken_promises(today: date | None = None) -> int:
    """The daily scan: end the cases whose 容缺 promise date has passed.

    The promise is marked broken (the applicant is refused 容缺受理 from then on), open
    tasks are cancelled, the clocks stop. Returns the number of cases ended.
    """
    today = today or moves.today()
    due = ConditionalPromise.objects.filter(
        status=PromiseStatus.PENDING,
        promise_date__lt=today,
        case__status__in=workflow.sources("expire_promise"),
    ).values_list("pk", "case_id")
    ended = 0
    for promise_pk, case_pk in list(due):
        try:
            with transaction.atomic():
                _expire_one(promise_pk, case_pk, today)
        except (Conflict, _AlreadyKept):
            continue  # handled or kept at the same moment: nothing to end
        ended += 1
    return ended


class _AlreadyKept(Exception):
    pass


def _expire_one(promise_pk: int, case_pk: int, today: date) -> None:
    case = moves.load_case(case_pk)
    row = workflow.check(case, "expire_promise", None, {"today": today})
    broken = ConditionalPromise.objects.filter(pk=promise_pk, status=PromiseStatus.PENDING).update(
        status=PromiseStatus.BROKEN, closed_at=timezone.now()
    )
    if not broken:
        raise _AlreadyKept()
    case = moves.move(
        case,
        row,
        actor=None,
        fields={"concluded_at": timezone.now()},
        note=_("未在承诺期限内补齐容缺材料，办件终止"),
        after={"promise": "broken"},
    )
    case.tasks.filter(status__in=OPEN_TASK_STATUSES).update(
        status=TaskStatus.CANCELLED, pause_kind=""
    )
    moves.stop_clocks(case, today)
