"""新官要理旧账: a problem of an earlier round is carried into this round's ledger with its
unfinished measures; each keeps a link to what it came from."""

from datetime import date

import pytest
from django.urls import reverse

from onewindow.core.errors import InvalidInput
from onewindow.rectification.constants import LedgerAction, MeasureStatus
from onewindow.rectification.ledger import services as ledger
from onewindow.rectification.models import LedgerEvent
from tests.rectification.factories import close, inspection_, measure_, problem_


@pytest.fixture
def earlier(db, unit, leader):
    old_round = inspection_(
        title="区纪委第二巡察组对原政务服务中心管理办公室的巡察",
        period_start=date(2017, 4, 1),
        period_end=date(2017, 6, 30),
        feedback_on=date(2017, 9, 1),
    )
    old = problem_(old_round, number=5, title="党风廉政建设主体责任落实不力")
    done = measure_(old, unit=unit, content="开展廉政谈话")
    open_ = measure_(
        old, unit=unit, content="建立主体责任项目化推送制度", due_date=date(2018, 6, 30)
    )
    close(done, leader)
    return old_round, old, done, open_


def test_a_problem_and_its_open_measures_are_carried_over(earlier, leader):
    old_round, old, done, open_ = earlier
    current = inspection_(previous=old_round)
    category = ledger.add_category(current, title="关于巡察整改方面")
    new = ledger.carry_over(old, current, category=category, number=18, actor=leader)
    assert new.carried_over_from == old and new.title == old.title
    copied = list(new.measures.all())
    assert [m.carried_over_from for m in copied] == [open_]
    assert copied[0].status == MeasureStatus.PLANNED
    assert LedgerEvent.objects.filter(problem=new, action=LedgerAction.CARRIED_OVER).count() == 2


def test_carrying_over_from_the_same_round_is_refused(db, leader):
    inspection = inspection_()
    problem = problem_(inspection, number=1)
    with pytest.raises(InvalidInput, match="遗留问题须来自上一轮巡察"):
        ledger.add_problem(
            inspection, category=problem.category, number=2, title="x", carried_over_from=problem
        )


def test_the_problem_form_carries_over_and_the_pages_show_it(client, earlier, leader):
    old_round, old, _done, _open = earlier
    current = inspection_(previous=old_round)
    client.force_login(leader)
    response = client.post(
        reverse("rectification:problem_new", args=[current.pk]),
        {
            "number": 18,
            "new_category": "关于巡察整改方面",
            "title": "（沿用）",
            "carried_over_from": old.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    new = current.problems.get(number=18)
    assert new.carried_over_from == old
    page = client.get(reverse("rectification:problem", args=[new.pk])).content.decode()
    assert 'data-testid="carried-over"' in page and old_round.title in page
