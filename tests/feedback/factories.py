"""Factories for ratings and work orders.

``RatingFactory(bad=True, real_name=True)`` makes a bad real-name rating row directly (no
token, no remedy hook: tests of remedies call ``open_remedy_order`` themselves);
``unit_staff(department)`` and ``supervisor()`` make the people who act on orders.
"""

import factory
from factory.django import DjangoModelFactory

from onewindow.accounts.constants import AccountKind, Role
from onewindow.feedback.constants import RaterKind, RatingChannel, RatingLevel
from onewindow.feedback.models import Rating
from tests.accounts.factories import DepartmentFactory, UserFactory


class RatingFactory(DjangoModelFactory):
    class Meta:
        model = Rating

    class Params:
        bad = factory.Trait(level=RatingLevel.DISSATISFIED, is_bad=True, comment="窗口人员态度冷淡")
        real_name = factory.Trait(
            is_real_name=True,
            rater=factory.SubFactory(UserFactory, kind=AccountKind.CITIZEN, role=Role.CITIZEN),
            rater_kind=RaterKind.CITIZEN,
        )

    level = RatingLevel.SATISFIED
    is_bad = False
    channel = RatingChannel.ON_SITE
    scores = factory.LazyAttribute(lambda o: {"overall": int(o.level)})
    comment = ""
    department = factory.SubFactory(DepartmentFactory)
    rater_kind = RaterKind.ANONYMOUS
    is_real_name = False


def unit_staff(department, role=Role.APPROVER, **kwargs):
    return UserFactory(role=role, department=department, **kwargs)


def supervisor(**kwargs):
    return UserFactory(role=Role.SUPERVISOR, **kwargs)


def leader(**kwargs):
    return UserFactory(role=Role.LEADER, **kwargs)


def citizen(**kwargs):
    return UserFactory(citizen=True, **kwargs)
