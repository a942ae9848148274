"""The service network that handles cases (就近办).

- ``take_in``: staff of a town centre, community centre or village station take a case in
  at their own window for an item delegated (下沉) to their level, with the same case
  services as the hall (start, submit, accept). The case records the site and window.
- ``assess_pilot``: a standardisation pilot scored on the seven 六有一能 points per round.
- Kiosks: a token per terminal (only its SM3 digest is kept), 查 (track), 问 (a question
  becomes a work order) and 办 (apply, after the ID check), each counted per kiosk.
"""

import secrets
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts import services as account_services
from onewindow.accounts.constants import AccountKind, Role
from onewindow.accounts.models import User
from onewindow.cases import services as case_services
from onewindow.cases.constants import Channel
from onewindow.cases.models import Case
from onewindow.cases.window import applicants as case_window
from onewindow.catalog.constants import DelegationLevel, ReformList
from onewindow.catalog.models import ListEntry, ServiceItem
from onewindow.core.audit import record
from onewindow.core.errors import InvalidInput, NotFound, PermissionDenied
from onewindow.core.pii import crypto
from onewindow.core.pii.validators import validate_id_number
from onewindow.feedback.constants import WorkOrderKind, WorkOrderSource
from onewindow.feedback.orders import services as order_services
from onewindow.org.constants import SITE_STANDARD_ITEMS, SiteKind
from onewindow.org.models import ServiceSite, Terminal

from ..constants import KioskAction, KioskStatus
from ..models import KioskCredential, KioskTransaction, PilotAssessment, PilotCheck, PilotRound
from ..supervision import common

# Which 下沉 levels each kind of site handles: an item delegated to the village level is
# done at village stations and every level above them.
LEVELS_AT = {
    SiteKind.TOWN_CENTRE: {
        DelegationLevel.TOWN,
        DelegationLevel.COMMUNITY,
        DelegationLevel.VILLAGE,
    },
    SiteKind.COMMUNITY_CENTRE: {DelegationLevel.COMMUNITY, DelegationLevel.VILLAGE},
    SiteKind.VILLAGE_STATION: {DelegationLevel.VILLAGE},
}
TOKEN_PREFIX = "owk_"


def staff_site(user):
    """The site and window where ``user`` is on duty today, or (None, None)."""
    window = common.window_of(user, timezone.localdate())
    return (window.site, window) if window else (None, None)


def may_take_in(site, item) -> bool:
    if site.kind in (SiteKind.SERVICE_HALL, SiteKind.ONLINE_BRANCH):
        return True
    levels = LEVELS_AT.get(site.kind, set())
    return ListEntry.objects.filter(
        list_code=ReformList.DELEGATED, item=item, level__in=levels
    ).exists()


def _item(item) -> ServiceItem:
    if isinstance(item, ServiceItem):
        return item
    found = ServiceItem.objects.filter(code=str(item)).first()
    if found is None:
        raise NotFound(_("该事项不存在"))
    return found


@transaction.atomic
def take_in(staff, applicant, item, *, supplied=(), request=None) -> Case:
    """就近办: start, submit and accept a case at the staff member's own site and window."""
    if not (common._active(staff) and staff.has_role(*common.WINDOW_STAFF)):
        raise PermissionDenied(_("只有窗口工作人员可以受理"))
    site, window = staff_site(staff)
    if site is None:
        raise PermissionDenied(_("您今天没有在任何窗口上岗，不能受理"))
    item = _item(item)
    if not may_take_in(site, item):
        raise InvalidInput(
            _("%(item)s未下沉到%(site)s，请到上级便民服务中心办理")
            % {"item": item.name, "site": site.name},
            field="item",
        )
    case = case_window.start_for_applicant(staff, applicant, item=item, request=request)
    Case.objects.filter(pk=case.pk).update(site=site, window=window)
    case.refresh_from_db()
    if not supplied:
        supplied = [
            m.material_type_id for m in case_services._current_version(item).materials.all()
        ]
    case = case_services.submit(staff, case, supplied=supplied, request=request)
    case = case_services.accept(staff, case, request=request)
    record(
        "hall.site_take_in",
        actor=staff,
        obj=case,
        after={"site": site.code, "window": window.number, "item": item.code},
        request=request,
        summary=_("%(site)s受理 %(number)s") % {"site": site.name, "number": case.number},
    )
    return case


def site_cases(user):
    """The cases taken in at the user's site (nothing when they are on duty nowhere)."""
    site, _window = staff_site(user)
    if site is None:
        return Case.objects.none()
    return Case.objects.filter(site=site).select_related("item_version", "window", "applicant")


def site_case(user, number) -> Case:
    """A case of the user's own site; any other case is 404 (no probing)."""
    case = site_cases(user).filter(number=str(number)).first()
    if case is None:
        raise NotFound()
    return case


# -- 六有一能 ------------------------------------------------------------------------------


@transaction.atomic
def assess_pilot(actor, round_, site, checks: dict, *, on=None, request=None) -> PilotAssessment:
    """Score ``site`` in ``round_``: ``checks`` is {item: {"met", "points", "evidence"}} for
    all seven points; the score is out of 100. A second assessment in a round replaces it."""
    common.require_supervisor(actor)
    if not site.is_standardisation_pilot:
        raise InvalidInput(_("该站点不是标准化建设试点"), field="site")
    codes = [code for code, _label in SITE_STANDARD_ITEMS]
    missing = [str(label) for code, label in SITE_STANDARD_ITEMS if code not in checks]
    if missing:
        raise InvalidInput(
            _("六有一能须逐项评估，缺少：%(items)s") % {"items": "、".join(missing)}, field="checks"
        )
    unknown = set(checks) - set(codes)
    if unknown:
        raise InvalidInput(_("评估项不正确"), field="checks")
    rows = []
    for code in codes:
        check = checks[code]
        try:
            points = int(check.get("points", 0))
        except (TypeError, ValueError) as exc:
            raise InvalidInput(_("得分应为整数"), field=code) from exc
        if not 0 <= points <= round_.item_max_points:
            raise InvalidInput(
                _("每项得分应在0至%(max)s之间") % {"max": round_.item_max_points}, field=code
            )
        evidence = str(check.get("evidence") or "").strip()[:500]
        rows.append((code, bool(check.get("met")), points, evidence))
    total = Decimal(sum(r[2] for r in rows) * 100) / (round_.item_max_points * len(codes))
    score = total.quantize(Decimal("0.1"), ROUND_HALF_UP)
    PilotAssessment.objects.filter(round=round_, site=site).delete()
    assessment = PilotAssessment.objects.create(
        round=round_, site=site, assessed_on=on or timezone.localdate(), assessor=actor, score=score
    )
    PilotCheck.objects.bulk_create(
        [
            PilotCheck(assessment=assessment, item=code, met=met, points=points, evidence=evidence)
            for code, met, points, evidence in rows
        ]
    )
    # The site's current 六有一能 flags follow its latest assessment.
    ServiceSite.objects.filter(pk=site.pk).update(site_standard={r[0]: r[1] for r in rows})
    record(
        "hall.pilot_assess",
        actor=actor,
        obj=assessment,
        after={"round": round_.name, "site": site.code, "score": str(score)},
        request=request,
    )
    return assessment


def round_named(name: str, year: int) -> PilotRound:
    return PilotRound.objects.get_or_create(name=name, defaults={"year": year})[0]


# -- kiosks --------------------------------------------------------------------------------


def _digest(token: str) -> str:
    return crypto.sm3(token.encode()).hex()


@transaction.atomic
def issue_kiosk_token(actor, terminal: Terminal, *, request=None) -> str:
    """A new token for ``terminal`` (shown once); an earlier one stops working."""
    if actor is not None and not actor.has_role(Role.SYSTEM_ADMIN):
        raise PermissionDenied(_("只有系统管理员可以签发自助终端令牌"))
    secret = secrets.token_urlsafe(32)
    token = f"{TOKEN_PREFIX}{secret}"
    KioskCredential.objects.update_or_create(
        terminal=terminal,
        defaults={"prefix": secret[:8], "digest": _digest(token), "revoked_at": None},
    )
    record(
        "hall.kiosk_token",
        actor=actor,
        obj=terminal,
        after={"terminal": terminal.code, "prefix": secret[:8]},
        request=request,
    )
    return token


def kiosk_for(token: str) -> Terminal | None:
    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    credential = (
        KioskCredential.objects.filter(digest=_digest(token), revoked_at__isnull=True)
        .select_related("terminal", "terminal__site")
        .first()
    )
    if credential is None or not credential.terminal.is_active:
        return None
    now = timezone.now()
    KioskCredential.objects.filter(pk=credential.pk).update(
        last_seen_at=now,
        status=KioskStatus.ONLINE
        if credential.status == KioskStatus.OFFLINE
        else credential.status,
    )
    return credential.terminal


def report_status(terminal, status: str) -> None:
    if status not in KioskStatus.values:
        raise InvalidInput(_("终端状态不正确"), field="status")
    KioskCredential.objects.filter(terminal=terminal).update(
        status=status, last_seen_at=timezone.now()
    )


def _count(terminal, action, *, case=None, work_order=None) -> None:
    KioskTransaction.objects.create(
        terminal=terminal, action=action, case=case, work_order=work_order
    )


def kiosk_track(terminal, number, phone, *, request=None):
    from onewindow.cases.intake import tracking

    result = tracking.track(number, phone, request=request)
    _count(terminal, KioskAction.TRACK)
    return result


@transaction.atomic
def kiosk_ask(terminal, *, subject, content, phone="", name="", request=None):
    order = order_services.open_work_order(
        source=WorkOrderSource.ONLINE_COMPLAINT,
        kind=WorkOrderKind.ENQUIRY,
        subject=subject,
        content=content,
        requester_name=name,
        requester_phone=phone,
        is_real_name=bool(name and phone),
        external_number=terminal.code,
        request=request,
    )
    _count(terminal, KioskAction.ASK, work_order=order)
    return order


def _applicant(id_number: str, name: str, phone: str) -> User:
    """The ID check: the card's number and name must match the account, or a new one."""
    id_number = validate_id_number(id_number)
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("请读取身份证"), field="name")
    user = User.objects.filter(id_number_index=crypto.blind_index(id_number, "id_number")).first()
    if user is not None:
        if user.display_name != name or not user.is_active:
            raise PermissionDenied(_("身份证信息与账号不符，请到窗口办理"))
        return user
    return account_services.register_citizen(
        username=f"kiosk{secrets.token_hex(5)}",
        display_name=name,
        phone=phone,
        id_number=id_number,
        password=secrets.token_urlsafe(24),
    )


@transaction.atomic
def kiosk_apply(terminal, *, item, id_number, name, phone, supplied=(), request=None) -> Case:
    """办: apply at the kiosk after the ID check; the case waits for the site's window."""
    applicant = _applicant(id_number, name, phone)
    if applicant.kind != AccountKind.CITIZEN:
        raise PermissionDenied(_("自助终端仅办理个人事项"))
    item = _item(item)
    if not may_take_in(terminal.site, item):
        raise InvalidInput(_("该事项不能在此终端办理"), field="item")
    case = case_services.start_application(applicant, item=item, channel=Channel.KIOSK)
    Case.objects.filter(pk=case.pk).update(site=terminal.site)
    case.refresh_from_db()
    if not supplied:
        supplied = [m.material_type_id for m in case.item_version.materials.all()]
    case = case_services.submit(applicant, case, supplied=supplied, request=request)
    _count(terminal, KioskAction.APPLY, case=case)
    record(
        "hall.kiosk_use",
        actor=applicant,
        obj=case,
        after={"terminal": terminal.code, "action": KioskAction.APPLY},
        request=request,
    )
    return case
