"""The demo ledger: the seed's inspection (demo_data.py) with its history as of mid-2020.

Written in bulk, like the cases' 2020 history: the close-outs happened in 2020, before the
platform, so each closed measure gets its acceptance by the leader and its 销号 event at the
seed's date (the progress chart reads those events), and the two problems whose measures
are all closed are closed on the day of their last measure. One audit event records the
load. Loading twice changes nothing: the inspection is found by its title.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from onewindow.core.audit import record
from onewindow.core.files import removed_on_error, save_on_commit

from . import demo_data as data
from .constants import LedgerAction, MeasureStatus, ProblemStatus
from .demo_evidence import evidence_pdf
from .models import (
    Accountability,
    Category,
    Inspection,
    LedgerEvent,
    Measure,
    MeasureOutput,
    Problem,
    ProgressEvidence,
    ProgressUpdate,
)

ACCEPTING_LEADER = "leader"  # accounts/demo.py: 陈建国, 局领导 and 党组成员
REPORTERS = {"BU-HALL": "supervisor"}  # units with a demo account report their own progress


def _moment(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(17, 0)))


def load_rectification() -> dict:
    """Create the seed's ledger unless it is there; returns the counts."""
    inspection = Inspection.objects.filter(title=data.INSPECTION["title"]).first()
    created = 0
    if inspection is None:
        with removed_on_error() as written, transaction.atomic():
            inspection = _load(written)
        created = 1
    measures = Measure.objects.filter(problem__inspection=inspection)
    return {
        "inspections": created,
        "categories": Category.objects.filter(inspection=inspection, parent=None).count(),
        "problems": Problem.objects.filter(inspection=inspection).count(),
        "measures": measures.count(),
        "measures_closed": measures.filter(status=MeasureStatus.CLOSED).count(),
    }


def _users() -> dict:
    from onewindow.accounts.models import User

    names = {ACCEPTING_LEADER, *REPORTERS.values()}
    return {u.username: u for u in User.objects.filter(username__in=names)}


def _load(written: list) -> Inspection:
    from onewindow.org.models import Department

    from .ledger.services import report_due_on

    units = {d.code: d for d in Department.objects.filter(code__startswith="BU-")}
    users = _users()
    leader = users.get(ACCEPTING_LEADER)
    info = data.INSPECTION
    inspection = Inspection.objects.create(**info, report_due_on=report_due_on(info["feedback_on"]))
    categories = Category.objects.bulk_create(
        [
            Category(inspection=inspection, title=title, sort_order=order)
            for order, title in enumerate(data.CATEGORIES, start=1)
        ]
    )
    problems = Problem.objects.bulk_create(
        [
            Problem(
                inspection=inspection,
                category=categories[category],
                number=number,
                title=title,
                status=_problem_status(measures),
                closed_at=_problem_closed_at(measures),
            )
            for number, (category, title, measures) in enumerate(data.PROBLEMS, start=1)
        ]
    )
    measures, plans = [], []
    for problem, (_category, _title, items) in zip(problems, data.PROBLEMS, strict=True):
        for order, item in enumerate(items, start=1):
            measures.append(_measure(problem, order, item, units, leader))
            plans.append(item)
    Measure.objects.bulk_create(measures)
    MeasureOutput.objects.bulk_create(
        [
            MeasureOutput(measure=measure, **output)
            for measure, item in zip(measures, plans, strict=True)
            for output in item["outputs"]
        ]
    )
    _updates(measures, plans, users)
    _closing_evidence(measures, plans, users, written)
    _events(problems, measures, plans, leader)
    by_number = {p.number: p for p in problems}
    Accountability.objects.bulk_create(
        [
            Accountability(problem=by_number[row["problem"]], **_without(row, "problem"))
            for row in data.ACCOUNTABILITY
        ]
    )
    record(
        "config_change",
        obj=inspection,
        after={"problems": len(problems), "measures": len(measures)},
        summary="载入巡察整改台账演示数据：%s" % inspection.title,
    )
    return inspection


def _without(row: dict, key: str) -> dict:
    return {k: v for k, v in row.items() if k != key}


def _problem_status(items) -> str:
    return ProblemStatus.CLOSED if all(i["closed_on"] for i in items) else ProblemStatus.OPEN


def _problem_closed_at(items):
    if not all(i["closed_on"] for i in items):
        return None
    return _moment(max(i["closed_on"] for i in items))


def _measure(problem, order, item, units, leader) -> Measure:
    closed = item["closed_on"]
    metric, comparison, value = item["target"] or ("", "", None)
    unit = units.get(item["unit"])
    if unit is None:
        raise LookupError(f"demo department {item['unit']} missing: load the network first")
    return Measure(
        problem=problem,
        sort_order=order,
        content=item["content"],
        kind=item["kind"],
        responsible_leader=item["leader"],
        responsible_unit=unit,
        due_date=item["due"],
        status=MeasureStatus.CLOSED if closed else MeasureStatus.IN_PROGRESS,
        target_metric=metric,
        target_comparison=comparison,
        target_value=Decimal(value) if value is not None else None,
        accepted_by=leader if closed else None,
        accepted_at=_moment(closed) if closed else None,
        acceptance_note="整改措施已落实，同意销号" if closed else "",
        closed_at=_moment(closed) if closed else None,
    )


def _updates(measures, plans, users) -> None:
    rows = []
    for measure, item in zip(measures, plans, strict=True):
        if not item["update"]:
            continue
        author = users.get(REPORTERS.get(item["unit"], ""), users.get(ACCEPTING_LEADER))
        if author is None:
            continue  # the accounts are not loaded: the ledger stands without its updates
        day, text = item["update"]
        rows.append((ProgressUpdate(measure=measure, text=text, author=author), day))
    ProgressUpdate.objects.bulk_create([update for update, _day in rows])
    for update, day in rows:  # auto_now_add: the seed's dates are set afterwards
        ProgressUpdate.objects.filter(pk=update.pk).update(created_at=_moment(day))


def _closing_evidence(measures, plans, users, written: list) -> None:
    """A closed measure closed on evidence: each gets the unit's report with a PDF proof."""
    for measure, item in zip(measures, plans, strict=True):
        if not item["closed_on"]:
            continue
        author = users.get(REPORTERS.get(item["unit"], ""), users.get(ACCEPTING_LEADER))
        if author is None:
            continue
        text = "整改措施已落实，报送佐证材料：" + measure.content[:200]
        update = ProgressUpdate.objects.create(measure=measure, text=text, author=author)
        ProgressUpdate.objects.filter(pk=update.pk).update(created_at=_moment(item["closed_on"]))
        data_bytes = evidence_pdf(measure.problem.title, measure.content)
        evidence = ProgressEvidence(
            update=update,
            original_name=f"佐证材料-问题{measure.problem.number}.pdf",
            content_type="application/pdf",
            size=len(data_bytes),
            sha256=hashlib.sha256(data_bytes).hexdigest(),
        )
        save_on_commit(evidence.file, data_bytes, written=written)
        evidence.save()


def _events(problems, measures, plans, leader) -> None:
    started = _moment(data.LEDGER_STARTED_ON)
    rows = [
        (LedgerEvent(problem=p, action=LedgerAction.CREATED, actor=leader), started)
        for p in problems
    ]
    for measure, item in zip(measures, plans, strict=True):
        if item["update"]:
            rows.append(
                (
                    LedgerEvent(
                        problem=measure.problem,
                        measure=measure,
                        action=LedgerAction.PROGRESS,
                        note=item["update"][1][:500],
                    ),
                    _moment(item["update"][0]),
                )
            )
        if item["closed_on"]:
            rows.append(
                (
                    LedgerEvent(
                        problem=measure.problem,
                        measure=measure,
                        action=LedgerAction.CLOSED,
                        actor=leader,
                        note="整改措施已落实，同意销号",
                    ),
                    _moment(item["closed_on"]),
                )
            )
    for problem in problems:
        if problem.status == ProblemStatus.CLOSED:
            rows.append(
                (
                    LedgerEvent(
                        problem=problem,
                        action=LedgerAction.CLOSED,
                        actor=leader,
                        note="全部整改措施已销号",
                    ),
                    problem.closed_at,
                )
            )
    LedgerEvent.objects.bulk_create([event for event, _moment_ in rows])
    for event, moment in rows:
        LedgerEvent.objects.filter(pk=event.pk).update(created_at=moment)
