"""The demo cases: the report categories, a year (2020) of concluded cases, this year's
concluded cases so far, and today's work.

- Report categories (统计类别) map the seed's categories to the demo catalogue's items.
- 2020: the seed's counts exactly (投资项目备案 509 … 竣工验收备案 228 栋), other items across
  the year, and 企业开办一件事 cases mostly finished within one working day; written in bulk by
  demo_history.py (thousands of cases through the services would take minutes).
- This year: concluded cases from 1 January to ten working days ago, at a third of 2020's
  pace, written the same way, so the leader's statistics for this year show every month.
- Today: a handful of cases played through the real services (submitted, told to
  supplement, 容缺受理, in review at two departments, decided, one past its promised date,
  a business start-up), so the window's and the departments' pages have work. They are
  played at past moments (the services' clock is set back while each step runs), so that
  their working-day clocks really stand where the pages show them; their timeline and
  audit events carry those moments.

Loading twice changes nothing: each part is skipped when its rows exist.
"""

from __future__ import annotations

import random
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from unittest import mock

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.constants import Role
from onewindow.accounts.demo import demo_id_number
from onewindow.accounts.models import User
from onewindow.catalog import selectors as catalog_selectors
from onewindow.catalog.constants import FieldType
from onewindow.catalog.models import Bundle, ServiceItem
from onewindow.core.audit import record
from onewindow.core.workdays.calendar import get_calendar
from onewindow.org.models import Department

from .. import form_data, services
from ..certificates import edelivery
from ..constants import NUMBER_PREFIX, Channel, DeliveryMethod, SignoffLevel, TaskStatus
from ..models import Case, DepartmentTask, ReportCategory, SignoffGrant
from . import history as demo_history
from .data import categories as cat_data
from .data import year_2020 as year_data

SEED = 20200326  # the feedback date: stable demo data
# This year's concluded cases stop this many working days before today: today's work,
# played through the services, fills the days after, and its numbers never meet theirs.
CURRENT_YEAR_GAP = 10
CURRENT_YEAR_PACE = 1 / 3  # of 2020's yearly counts, pro rata for the days gone
LIVE_USERS = ("citizen", "enterprise", "citizen02")
# Their cases are today's work only (this year's concluded cases go to other applicants; the
# demo has one enterprise account, which has both), so their list tells whether it is loaded.
LIVE_CITIZENS = ("citizen", "citizen02")


def load_cases() -> dict:
    """Create what is missing of the demo cases; returns the counts."""
    created = {"categories": load_categories()}
    with transaction.atomic():
        created["year"] = load_year()
    with transaction.atomic():
        created["this_year"] = load_current_year()
    with transaction.atomic():
        created["signoff"] = load_signoff()
    with transaction.atomic():
        created["live"] = load_live()
    created["drafts"] = load_drafts()
    return {
        "cases": Case.objects.count(),
        "categories": ReportCategory.objects.count(),
        "created": sum(created.values()),
    }


# -- report categories ---------------------------------------------------------------------


@transaction.atomic
def load_categories() -> int:
    """The seed's report categories and their items; existing categories are left alone."""
    existing = set(ReportCategory.objects.values_list("code", flat=True))
    wanted = [c for c in cat_data.CATEGORIES if c[0] not in existing]
    if not wanted:
        return 0
    items = {i.code: i for i in ServiceItem.objects.filter(code__in=_item_codes(wanted))}
    for order, (code, name, unit, codes, _count, _last) in enumerate(cat_data.CATEGORIES, 1):
        if code in existing:
            continue
        category = ReportCategory.objects.create(code=code, name=name, unit=unit, order=order)
        category.items.set([items[c] for c in codes if c in items])
    record(
        "config_change",
        object_type=ReportCategory._meta.label_lower,
        object_id="demo",
        after={"categories": [c[1] for c in wanted]},
        summary="载入统计类别 %d 个" % len(wanted),
    )
    return len(wanted)


def _item_codes(categories) -> list[str]:
    return [code for _c, _n, _u, codes, _count, _last in categories for code in codes]


# -- the year 2020 -------------------------------------------------------------------------


def load_year() -> int:
    if Case.objects.filter(number__startswith=demo_history.PREFIX).exists():
        return 0
    plans = demo_history.plan_year(random.Random(SEED))
    return demo_history.write(plans)["cases"]


def load_current_year() -> int:
    today = timezone.localdate()
    last = get_calendar().subtract_workdays(today, CURRENT_YEAR_GAP)
    if last.year != today.year or last.year == demo_history.YEAR:
        return 0  # early January: no working days of this year before the gap yet
    first_number = f"{NUMBER_PREFIX}{today.year}0101"
    last_number = f"{NUMBER_PREFIX}{last:%Y%m%d}999999"
    if Case.objects.filter(number__gte=first_number, number__lte=last_number).exists():
        return 0
    share = CURRENT_YEAR_PACE * last.timetuple().tm_yday / 365
    plans = demo_history.plan_year(
        random.Random(SEED + today.year), today.year, last, share, reserved=LIVE_CITIZENS
    )
    return demo_history.write(plans, today.year)["cases"]


# -- today's work through the services ------------------------------------------------------


@contextmanager
def _at(moment: datetime):
    """Run the services as if it were ``moment`` (their clock, timestamps and today)."""
    with mock.patch.object(timezone, "now", lambda: moment):
        yield


# What an applicant types for a field the demo does not spell out, by the field's key.
_PROFILE_TEXT = {
    "applicant_name": "display_name",
    "company_name": "display_name",
    "legal_rep": "contact_name",
    "contact_name": "contact_name",
}


def _sample(f, applicant):
    if f.field_type == FieldType.ID_NUMBER:
        own = applicant.id_number.reveal() if applicant.id_number else ""
        return own if f.key == "id_number" and own else demo_id_number(random.Random(f.key))
    if f.field_type == FieldType.PHONE:
        return applicant.phone.reveal() if applicant.phone else "13905460000"
    if f.field_type == FieldType.USCC:
        return applicant.uscc
    if f.field_type == FieldType.NUMBER:
        return 1
    if f.field_type == FieldType.DATE:
        return timezone.localdate().isoformat()
    if f.field_type == FieldType.CHOICE:
        return str((f.choices or [""])[0])
    attribute = _PROFILE_TEXT.get(f.key)
    return (getattr(applicant, attribute, "") if attribute else "") or "东营区府前大街"


def demo_form(fields, applicant, given=None) -> dict:
    """The form as the applicant fills it in: what the demo gives, the rest from the profile."""
    form = dict(given or {})
    for f in fields:
        if f.required and f.key not in form:
            form[f.key] = _sample(f, applicant)
    return form


class _Live:
    def __init__(self):
        users = User.objects.filter(
            username__in=["clerk", "approver", *LIVE_USERS, "st-rfb-1", "st-gafj-1", "st-tax-1"]
        )
        self.users = {u.username: u for u in users}
        self.departments = {d.code: d for d in Department.objects.all()}
        self.calendar = get_calendar()
        today = timezone.localdate()
        self.today = (
            today if self.calendar.is_workday(today) else self.calendar.subtract_workdays(today, 1)
        )

    def user(self, name):
        return self.users[name]

    def day(self, workdays_ago: int, hour: int, minute: int = 0) -> datetime:
        """``hour:minute`` of the working day ``workdays_ago`` before today (never the future)."""
        day = self.calendar.subtract_workdays(self.today, workdays_ago)
        moment = datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())
        return min(moment, timezone.now() - timedelta(minutes=workdays_ago + 1))

    def apply(
        self,
        applicant,
        code,
        moment,
        *,
        missing=(),
        form=None,
        channel=Channel.ONLINE,
        delivery=None,
    ):
        """Start and hand in an application at ``moment`` with all materials but ``missing``
        (``delivery``: the 送达方式 chosen, as services.submit takes it)."""
        with _at(moment):
            case = services.start_application(applicant, item=code, channel=channel)
            materials = list(case.item_version.materials.all())
            supplied = [m.material_type_id for m in materials if m.name not in missing]
            submitter = self.user("clerk") if channel == Channel.WINDOW else applicant
            form = demo_form(form_data.case_fields(case), applicant, form)
            return services.submit(
                submitter, case, supplied=supplied, form_data=form, delivery=delivery
            )

    def missing_ids(self, case, names):
        return [m.material_type_id for m in case.materials.all() if m.name in names]

    def accept_and_dispatch(self, case, moment, departments):
        clerk = self.user("clerk")
        with _at(moment):
            case = services.accept(clerk, case)
        with _at(moment + timedelta(minutes=6)):
            services.dispatch(clerk, case, [self.departments[c] for c in departments])
        return case

    def task(self, case, department_code) -> DepartmentTask:
        return case.tasks.get(department__code=department_code)

    def review(self, user, task, moment, *, approve=None, reason=""):
        """承办 by ``user``; an approval goes on through 审核 and 签发 by the department's
        granted staff (decision 0021), an hour apart."""
        with _at(moment):
            services.start_review(user, task)
        if approve is None:
            return
        with _at(moment + timedelta(hours=3)):
            task = services.decide_task(user, task, approve, reason)
        step = 4
        while approve and task.status == TaskStatus.IN_REVIEW:
            signer = (
                User.objects.filter(department=task.department_id, signoff_grants__level=task.level)
                .exclude(pk__in=task.signoffs.filter(round=task.round).values("actor"))
                .order_by("username")
                .first()
            )
            with _at(moment + timedelta(hours=step)):
                task = services.decide_task(signer, task, True, _("同意"), level=task.level)
            step += 1


# Who 审核 and 签发 in each reviewing department: its second and third staff member.
SIGNOFF_STAFF = {SignoffLevel.CHECK: 2, SignoffLevel.SIGN: 3}
SIGNER_NAMES = ("李建国", "王秀英", "张志强", "刘桂兰", "陈卫东", "杨丽华", "赵洪涛", "黄淑珍")


def load_signoff() -> int:
    """审核 and 签发 grants in every reviewing department (a third staff member, the
    department's 签发人, where the demo has only two). Returns the grants made."""
    from onewindow.accounts.demo import _one_hash_for_the_demo_password
    from onewindow.accounts.roles import create_staff

    made = 0
    departments = Department.objects.filter(is_active=True).exclude(
        code__in=("BU-GEN", "BU-STARTUP")
    )
    with _one_hash_for_the_demo_password():
        for index, department in enumerate(departments.order_by("pk")):
            if not User.objects.filter(department=department, username__endswith="-1").exists():
                continue  # not a department with demo staff
            for level, n in SIGNOFF_STAFF.items():
                username = f"{department.code.lower()}-{n}"
                user = User.objects.filter(username=username).first()
                if user is None:
                    user = create_staff(
                        None,
                        username=username,
                        display_name=SIGNER_NAMES[index % len(SIGNER_NAMES)],
                        password=settings.DEMO_PASSWORD,
                        department=department,
                        roles=[Role.APPROVER],
                        must_change_password=False,
                    )
                _grant, created = SignoffGrant.objects.get_or_create(user=user, level=level)
                made += int(created)
    return made


def load_live() -> int:
    """Today's demo work; skipped once the demo applicants have any case of their own."""
    ready = User.objects.filter(username__in=LIVE_USERS).count() == len(LIVE_USERS)
    if not ready:
        return 0
    mine = Case.objects.filter(applicant__username__in=LIVE_CITIZENS).exclude(
        number__startswith=demo_history.PREFIX
    )
    if mine.exists():
        return 0
    live = _Live()
    citizen, enterprise = live.user("citizen"), live.user("enterprise")
    clerk, approver = live.user("clerk"), live.user("approver")
    rng = random.Random(SEED)
    project = demo_history.project_form(rng, timezone.localdate().year)
    made = []

    # 1. 待受理: 张明 applied online this morning for public rental housing.
    made.append(
        live.apply(
            citizen,
            "37050200ZJJ-GG-0001",
            live.day(0, 8, 20),
            form={"address": "东营区文汇街道府前社区", "household_size": 3},
        )
    )

    # 2. 待补正: a construction permit without the bid-award notice, told at once.
    case = live.apply(
        enterprise,
        "37050200ZJJ-XK-0001",
        live.day(1, 10, 5),
        missing=("中标通知书",),
        form={**project, "building_area": 18600, "contractor": "东营市胜利建设工程有限公司"},
    )
    with _at(live.day(1, 14, 30)):
        services.issue_deficiency_notice(
            clerk, case, live.missing_ids(case, ("中标通知书",)), note="请补充加盖公章的中标通知书"
        )
    made.append(case)

    # 3. 容缺受理: pre-sale permit with the sales plan promised within three working days.
    case = live.apply(
        enterprise,
        "37050200ZJJ-XK-0002",
        live.day(1, 9, 10),
        missing=("商品房预售方案",),
        form={**demo_history.project_form(rng, timezone.localdate().year), "building_area": 42300},
    )
    with _at(live.day(0, 9, 0)):
        services.accept_conditionally(
            clerk,
            case,
            missing=live.missing_ids(case, ("商品房预售方案",)),
            promise_date=live.calendar.add_workdays(live.today, 3),
            signed=True,
            signed_by="王海",
        )
    made.append(case)

    # 4. 审查中 at two departments: 住建 (王强, not started) and 人防 (reviewing).
    case = live.apply(
        enterprise,
        "37050200ZJJ-XK-0001",
        live.day(3, 16, 10),
        form={**demo_history.project_form(rng, timezone.localdate().year), "building_area": 9800},
    )
    case = live.accept_and_dispatch(case, live.day(2, 9, 30), ["ST-ZJJ", "ST-RFB"])
    if "st-rfb-1" in live.users:
        live.review(live.user("st-rfb-1"), live.task(case, "ST-RFB"), live.day(1, 10, 0))
    made.append(case)

    # 5. 已决定, 电子送达 waiting for its receipt: a developer's qualification approved by
    # 王强; the decision and certificate are in the enterprise's 站内信 to sign for.
    case = live.apply(
        enterprise,
        "37050200ZJJ-XK-0003",
        live.day(6, 15, 0),
        form={"company_name": "东营市黄河口置业有限公司", "legal_rep": "王海"},
        delivery=E_DELIVERY,
    )
    case = live.accept_and_dispatch(case, live.day(5, 9, 15), ["ST-ZJJ"])
    live.review(approver, live.task(case, "ST-ZJJ"), live.day(1, 11, 0), approve=True)
    made.append(case)

    # 6. 超期: a completion filing (3 buildings) waiting at 住建 past its promised date.
    case = live.apply(
        enterprise,
        "37050200ZJJ-QT-0001",
        live.day(7, 10, 40),
        form={**demo_history.project_form(rng, timezone.localdate().year), "building_count": 3},
    )
    made.append(live.accept_and_dispatch(case, live.day(6, 10, 0), ["ST-ZJJ"]))

    # 7. 企业开办一件事 at the start-up windows, decided the same day.
    made += _startup(live)

    # 8. 电子送达, signed: a construction permit approved last week, delivered to the
    # enterprise's 站内信 and signed for there two days later (the delivery clock stopped).
    case = live.apply(
        enterprise,
        "37050200ZJJ-XK-0001",
        live.day(12, 9, 40),
        form={**demo_history.project_form(rng), "building_area": 12500},
        delivery=E_DELIVERY,
    )
    case = live.accept_and_dispatch(case, live.day(11, 10, 0), ["ST-ZJJ"])
    live.review(approver, live.task(case, "ST-ZJJ"), live.day(6, 9, 0), approve=True)
    with _at(live.day(4, 16, 20)):
        edelivery.confirm_receipt(enterprise, case.number)
    made.append(case)
    return len(made)


# The 送达方式 of the demo's 电子送达 cases (with the applicant's consent).
E_DELIVERY = {"method": DeliveryMethod.ELECTRONIC, "consent": True}


def _startup(live: _Live) -> list[Case]:
    """A founder's 企业开办 at the window: seal and tax approve within the day."""
    bundle = Bundle.objects.filter(code=year_data.STARTUP_BUNDLE).first()
    founder = live.users.get("citizen02")
    reviewers = [live.users.get("st-gafj-1"), live.users.get("st-tax-1")]
    if bundle is None or founder is None or None in reviewers:
        return []
    clerk = live.user("clerk")
    with _at(live.day(1, 9, 5)):
        case = services.start_application(founder, bundle=bundle, channel=Channel.WINDOW)
        ids = [m.material_type.pk for m in catalog_selectors.bundle_materials(bundle)]
        form = demo_form(
            catalog_selectors.bundle_form_fields(bundle),
            founder,
            {"proposed_name": "东营市清风湖商贸有限公司"},
        )
        case = services.submit(clerk, case, supplied=ids, form_data=form)
    case = live.accept_and_dispatch(case, live.day(1, 9, 20), ["ST-GAFJ", "ST-TAX"])
    for user, code in zip(reviewers, ["ST-GAFJ", "ST-TAX"], strict=True):
        live.review(user, live.task(case, code), live.day(1, 10, 0), approve=True)
    return [case]


# -- 暂存 drafts ---------------------------------------------------------------------------

_DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _draft_item(applicant_type: str):
    """A published item for that applicant type, high-frequency ones first."""
    from onewindow.catalog.constants import ReformList

    for list_code in (ReformList.HIGH_FREQUENCY, None):
        qs = catalog_selectors.published_items(
            list_code=list_code, applicant_type=applicant_type
        ).filter(
            published_version__form_fields__isnull=False, published_version__materials__isnull=False
        )
        found = qs.distinct().first()
        if found is not None:
            return found
    return None


def load_drafts() -> int:
    """A saved draft (暂存) for each demo applicant: the citizen stopped after the
    applicant's details, the enterprise after giving one of its files. Skipped once they
    have drafts."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from onewindow.catalog.constants import ApplicantType

    from ..intake import application, drafts
    from ..models import ApplicationDraft

    made = 0
    plans = (
        ("citizen", ApplicantType.PERSON, drafts.MATTER),
        ("enterprise", ApplicantType.ORGANISATION, drafts.MATERIALS),
    )
    for username, applicant_type, step in plans:
        user = User.objects.filter(username=username).first()
        if user is None or ApplicationDraft.objects.filter(applicant=user).exists():
            continue
        found = _draft_item(applicant_type)
        if found is None:
            continue
        target = application.item_target(found.code)
        form = demo_form(drafts.step_fields(target, drafts.APPLICANT), user)
        draft, _errors = drafts.save(user, target, step=drafts.APPLICANT, form_data=form)
        if step == drafts.MATERIALS:
            first = application.material_type_id(target.materials[0])
            upload = SimpleUploadedFile(
                f"{target.materials[0].name}.pdf", _DEMO_PDF, content_type="application/pdf"
            )
            matter = demo_form(drafts.step_fields(target, drafts.MATTER), user)
            drafts.save(user, target, draft=draft, step=drafts.MATTER, form_data=matter)
            drafts.save(user, target, draft=draft, step=step, files={first: upload})
        else:
            drafts.save(user, target, draft=draft, step=step)
        made += 1
    return made
