"""The worklist page's "next" link seeks on (due date, id): every task once, in order."""

import re
from datetime import date

import pytest
from django.db.models import F
from django.urls import reverse

from onewindow.cases.department import views
from onewindow.cases.models import DepartmentTask
from tests.cases.factories import freeze
from tests.cases.test_department_pages import _numbers, _task, department, desk  # noqa: F401

pytestmark = pytest.mark.django_db


def test_following_next_links_lists_every_task_once_in_order(
    desk,  # noqa: F811
    department,  # noqa: F811
    calendar_2026,
    monkeypatch,
):
    freeze(monkeypatch, date(2026, 3, 2))
    tasks = [_task(department, promised=days) for days in (3, 1, 3, 5, 1, 3, 2)]
    DepartmentTask.objects.filter(pk=tasks[3].pk).update(due_on=None)  # not yet synced: last
    expected = [
        t.case.number
        for t in DepartmentTask.objects.select_related("case").order_by(
            F("due_on").asc(nulls_last=True), "pk"
        )
    ]
    monkeypatch.setattr(views, "PER_PAGE", 2)
    url, seen, pages = reverse("cases:department_worklist"), [], 0
    link = url
    while link and pages < 10:
        html = desk.get(link).content.decode()
        seen += _numbers(html, "worklist")
        found = re.search(r'href="(\?after=[^"]+)" rel="next"', html)
        link = url + found.group(1).replace("&amp;", "&") if found else None
        pages += 1
    assert seen == expected and pages == 4
