"""Demo accounts: one login per role, plus window and department staff and citizens.

Loading twice changes nothing: users are found by username and only what is
missing is created. The accounts exist only in the demo data; production refuses
them (see checks.py).
"""

import random
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from stdnum.cn import ric, uscc

from onewindow.org.models import Department
from onewindow.org.services import assign_staff

from . import services
from .constants import Role
from .models import AdminChange, User
from .roles import create_staff, grant_role

# (username, name, roles, department code, hall window)
DEMO_STAFF = [
    ("clerk", "李娜", [Role.CLERK], "BU-GEN", "A01"),
    ("approver", "王强", [Role.APPROVER], "ST-ZJJ", None),
    ("agent", "赵敏", [Role.AGENT], "BU-AGENT", "A09"),
    ("supervisor", "刘洋", [Role.SUPERVISOR], "BU-HALL", None),
    ("leader", "陈建国", [Role.LEADER, Role.PARTY_MEMBER, Role.PRINCIPAL], "BU-OFFICE", None),
    ("party", "孙红梅", [Role.PARTY_MEMBER], "BU-PARTY", None),
    ("discipline", "周正", [Role.DISCIPLINE_OFFICER], None, None),
    ("sysadmin", "吴系统", [Role.SYSTEM_ADMIN], "BU-OFFICE", None),
    ("secadmin", "郑安全", [Role.SECURITY_ADMIN], "BU-OFFICE", None),
    ("auditor", "冯审计", [Role.AUDIT_ADMIN], "BU-OFFICE", None),
    ("office", "高文静", [Role.OFFICE], "BU-OFFICE", None),
    ("personnel", "林志远", [Role.PERSONNEL], "BU-OFFICE", None),
    ("divhead", "马丽", [Role.DIVISION_HEAD], "BU-GEN", None),
    ("xunchaban", "韩立新", [Role.INSPECTION_OFFICE], None, None),
]
DEMO_CITIZEN = ("citizen", "张明")
DEMO_ENTERPRISE = ("enterprise", "东营市黄河口餐饮管理有限公司", "王海")
DEMO_USERNAMES = [row[0] for row in DEMO_STAFF] + [DEMO_CITIZEN[0], DEMO_ENTERPRISE[0]]

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉海燕雪梅晨宇航佳琪欣怡"


def _name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))


def demo_id_number(rng: random.Random) -> str:
    """A made-up but well-formed ID number of 东营区 (370502)."""
    born = f"{rng.randint(1960, 2004)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body = f"370502{born}{rng.randint(0, 999):03d}"
    return body + ric.calc_check_digit(body + "0")  # it expects a placeholder check digit


def demo_phone(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}"


def demo_uscc(rng: random.Random) -> str:
    body = "91370502" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    # The 9th-17th characters carry an organisation code whose own check character
    # (GB 11714) python-stdnum verifies; compute it, then the GB 32100 check.
    org = body[8:16]
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    total = sum(alphabet.index(c) * w for c, w in zip(org, weights, strict=True))
    check = (11 - total % 11) % 11
    body = body + ("X" if check == 10 else str(check))
    return body + uscc.calc_check_digit(body)


@contextmanager
def _one_hash_for_the_demo_password():
    """Every demo account shares one password: hash it once (argon2 takes ~0.5 s a time)."""
    hashed = make_password(settings.DEMO_PASSWORD)
    original = User.set_password

    def set_password(user, raw_password):
        if raw_password != settings.DEMO_PASSWORD:
            return original(user, raw_password)
        user.password, user._password = hashed, raw_password
        return None

    User.set_password = set_password
    try:
        yield
    finally:
        User.set_password = original


def _ensure_roles(user, roles):
    for role in roles:
        if role not in user.roles:
            grant_role(None, user, role)


def load_users(extra_staff_per_department: int = 2, citizens: int = 20) -> dict:
    with transaction.atomic(), _one_hash_for_the_demo_password():
        return _load_users(extra_staff_per_department, citizens)


def _load_users(extra_staff_per_department, citizens) -> dict:
    rng = random.Random(20200326)  # the feedback date: stable demo data
    password = settings.DEMO_PASSWORD
    departments = {d.code: d for d in Department.objects.all()}
    created = 0
    for username, name, roles, dept_code, window in DEMO_STAFF:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = create_staff(
                None,
                username=username,
                display_name=name,
                password=password,
                department=departments.get(dept_code),
                phone=demo_phone(rng),
                roles=roles,
                must_change_password=False,
            )
            created += 1
        _ensure_roles(user, roles)
        if window:
            assign_staff(user, window, "2020-01-02")
    created += _load_department_staff(rng, departments, extra_staff_per_department, password)
    created += _load_public(rng, citizens, password)
    created += _load_pending_admin_change(rng, departments, password)
    return {"users": User.objects.count(), "created": created}


def _load_pending_admin_change(rng, departments, password) -> int:
    """A second audit administrator asked for by the security administrator, waiting for the
    system administrator's approval: the administrators' own work today."""
    if AdminChange.objects.exists():
        return 0
    office = departments.get("BU-OFFICE")
    deputy = User.objects.filter(username="auditor2").first() or create_staff(
        None,
        username="auditor2",
        display_name=_name(rng),
        password=password,
        department=office,
        phone=demo_phone(rng),
        roles=(),
        must_change_password=False,
    )
    grant_role(
        User.objects.get(username="secadmin"),
        deputy,
        Role.AUDIT_ADMIN,
        reason="审计岗位实行AB角，增设一名安全审计员",
    )
    return 1


def _load_department_staff(rng, departments, per_department, password) -> int:
    created = 0
    windows = dict(_hall_windows_by_department())
    for dept in departments.values():
        for n in range(1, per_department + 1):
            username = f"{dept.code.lower()}-{n}"
            name = _name(rng)
            phone = demo_phone(rng)
            if User.objects.filter(username=username).exists():
                continue
            role = Role.CLERK if dept.code in ("BU-GEN", "BU-STARTUP") else Role.APPROVER
            user = create_staff(
                None,
                username=username,
                display_name=name,
                password=password,
                department=dept,
                phone=phone,
                roles=[role],
                must_change_password=False,
            )
            created += 1
            numbers = windows.get(dept.pk, [])
            if numbers:
                assign_staff(user, numbers[(n - 1) % len(numbers)], "2020-01-02")
    return created


def _hall_windows_by_department():
    from onewindow.org.selectors import service_hall, windows

    hall = service_hall()
    grouped: dict[int, list[str]] = {}
    for window in windows(hall) if hall else []:
        if window.department_id:
            grouped.setdefault(window.department_id, []).append(window.number)
    return grouped.items()


def _load_public(rng, citizens, password) -> int:
    created = 0
    people = [(DEMO_CITIZEN[0], DEMO_CITIZEN[1])] + [
        (f"citizen{n:02d}", None) for n in range(1, citizens + 1)
    ]
    for username, name in people:
        name = name or _name(rng)
        id_number, phone = demo_id_number(rng), demo_phone(rng)
        if User.objects.filter(username=username).exists():
            continue
        services.register_citizen(
            username=username,
            display_name=name,
            phone=phone,
            id_number=id_number,
            password=password,
        )
        created += 1
    username, name, contact = DEMO_ENTERPRISE
    code, phone = demo_uscc(rng), demo_phone(rng)
    if not User.objects.filter(username=username).exists():
        services.register_enterprise(
            username=username,
            enterprise_name=name,
            uscc=code,
            contact_name=contact,
            phone=phone,
            password=password,
        )
        created += 1
    return created
