"""Users with traits per role: ``UserFactory(clerk=True)``, ``UserFactory(citizen=True)``."""

import itertools
import random

import factory
from factory.django import DjangoModelFactory

from onewindow.accounts.constants import ADMIN_ROLES, AccountKind, Role
from onewindow.accounts.demo import demo_id_number, demo_phone
from onewindow.accounts.models import User, UserRole
from onewindow.core.pii import crypto
from onewindow.org.models import Department

PASSWORD = "Test-Pass-2026"
_rng = random.Random(7)
_dept_numbers = itertools.count(1)


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.LazyFunction(lambda: f"T-{next(_dept_numbers):03d}")
    name = factory.LazyAttribute(lambda o: f"测试部门{o.code}")
    kind = "stationed"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        citizen = factory.Trait(kind=AccountKind.CITIZEN, role=Role.CITIZEN)
        enterprise = factory.Trait(kind=AccountKind.ENTERPRISE, role=Role.ENTERPRISE)
        clerk = factory.Trait(role=Role.CLERK, department=factory.SubFactory(DepartmentFactory))
        approver = factory.Trait(
            role=Role.APPROVER, department=factory.SubFactory(DepartmentFactory)
        )
        first_login = factory.Trait(must_change_password=True)

    role = None  # popped in _create: granted as a UserRole or the admin_role column
    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"测试用户{n}")
    kind = AccountKind.STAFF
    must_change_password = False
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.lazy_attribute
    def phone(self):
        return demo_phone(_rng)

    @factory.lazy_attribute
    def phone_index(self):
        return crypto.blind_index(str(self.phone), "phone")

    @factory.lazy_attribute
    def id_number(self):
        return demo_id_number(_rng) if self.kind == AccountKind.CITIZEN else ""

    @factory.lazy_attribute
    def id_number_index(self):
        return crypto.blind_index(self.id_number, "id_number") if self.id_number else ""

    @factory.lazy_attribute
    def admin_role(self):
        return self.role if self.role in ADMIN_ROLES else ""

    @factory.lazy_attribute
    def is_staff(self):
        return self.role in ADMIN_ROLES

    @factory.post_generation
    def grant(obj, create, extracted, **kwargs):
        role = getattr(obj, "_factory_role", None)
        if create and role and role not in ADMIN_ROLES:
            UserRole.objects.get_or_create(user=obj, role=role)
        obj.save()
        obj.forget_roles()

    @classmethod
    def _create(cls, model_class, *args, role=None, **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        user._factory_role = role
        return user
