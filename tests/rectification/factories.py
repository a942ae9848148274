"""Ledger objects built through the ledger's services (what a test gets is what the app
writes), and 施工许可 cases built through the cases services.

    inspection = inspection_()                 # 区委第三巡察组, feedback 2020-03-26
    category = ledger.add_category(inspection, title="…")
    problem = problem_(inspection, number=1)   # with a category of its own when none is given
    measure = measure_(problem, unit=..., due_date=...)
    close(measure, leader)                     # progress with a PNG, 申请销号, 领导验收

Engineers D and X may add helpers here.
"""

from __future__ import annotations

import io
import itertools
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from onewindow.accounts.constants import Role
from onewindow.rectification.constants import MeasureKind
from onewindow.rectification.ledger import services as ledger
from tests.accounts.factories import DepartmentFactory, UserFactory

_numbers = itertools.count(1)


def png(name="佐证材料.png") -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (30, 120, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def leader(**kwargs):
    return UserFactory(role=Role.LEADER, **kwargs)


def unit_staff(unit, role=Role.CLERK, **kwargs):
    return UserFactory(role=role, department=unit, **kwargs)


def inspection_(**overrides):
    fields = {
        "title": "区委第三巡察组对局党组的巡察",
        "round_name": "区委2019年第三轮巡察",
        "inspection_group": "区委第三巡察组",
        "inspected_unit": "中共东营区行政审批服务局党组",
        "period_start": date(2019, 9, 23),
        "period_end": date(2019, 12, 27),
        "feedback_on": date(2020, 3, 26),
    }
    fields.update(overrides)
    return ledger.create_inspection(**fields)


def problem_(inspection, *, number=None, category=None, title=None, **kwargs):
    if category is None:
        category = ledger.add_category(inspection, title="关于党的政治建设方面")
    number = number or next(_numbers)
    return ledger.add_problem(
        inspection,
        category=category,
        number=number,
        title=title or f"问题{number}",
        **kwargs,
    )


def measure_(problem, *, unit=None, due_date=date(2020, 6, 30), **kwargs):
    return ledger.add_measure(
        problem,
        content=kwargs.pop("content", "制定整改方案并落实"),
        kind=kwargs.pop("kind", MeasureKind.BY_DEADLINE),
        responsible_leader=kwargs.pop("responsible_leader", "王局长"),
        responsible_unit=unit or DepartmentFactory(),
        due_date=due_date,
        **kwargs,
    )


def progress(measure, actor, text="已完成整改", files=None):
    """The unit's report as committed: its evidence files are in their final place."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return ledger.report_progress(measure, text, [png()] if files is None else files, actor)


def close(measure, actor, **accept):
    """Progress with evidence, 申请销号 and 领导验收 by ``actor`` (a leader)."""
    if not measure.updates.exists():
        progress(measure, actor)
    ledger.submit_close_out(measure, actor)
    return ledger.accept_close_out(measure, actor, accept.pop("note", "同意销号"), **accept)


# -- 施工许可 cases ------------------------------------------------------------------------------


def permit_item(limit_days=3):
    """An item in the statistics category "sgxk" (建筑工程施工许可证核发)."""
    from onewindow.cases.models import ReportCategory
    from tests.cases.factories import item

    the_item = item(name="建筑工程施工许可证核发", promised_limit_days=limit_days)
    category, _created = ReportCategory.objects.get_or_create(
        code="sgxk", defaults={"name": "建筑工程施工许可证（质量安全监督合并）"}
    )
    category.items.add(the_item)
    return the_item


def permit_case(monkeypatch, the_item, *, accepted_on, decided_on=None, staff=None):
    """A case accepted on ``accepted_on`` and, when ``decided_on`` is given, approved then."""
    from onewindow.cases import services
    from tests.cases.factories import approver, clerk, freeze, ids

    window_clerk, reviewer = staff or (clerk(), approver(the_item.department))
    freeze(monkeypatch, accepted_on, 9)
    applicant = UserFactory(citizen=True)
    case = services.start_application(applicant, item=the_item)
    names = [m.name for m in case.item_version.materials.all()]
    case = services.submit(applicant, case, supplied=ids(case, *names))
    case = services.accept(window_clerk, case)
    services.dispatch(window_clerk, case, [reviewer.department])
    if decided_on is not None:
        freeze(monkeypatch, decided_on, 15)
        task = case.tasks.get()
        services.start_review(reviewer, task)
        services.decide_task(reviewer, task, True)
    case.refresh_from_db()
    return case
