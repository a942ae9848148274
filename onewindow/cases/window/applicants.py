"""Writes at the window on an applicant's behalf: registering the applicant, starting a case.

A person who comes to the hall without an account is registered by the clerk (an account
with no usable password: the applicant sets one with the activation code the clerk prints,
accounts/activation.py), and the clerk starts the case for them on the window channel.
From there on the ordinary services apply: ``services.submit`` accepts the clerk as the
actor for a window case (workflow.may_act), and acceptance follows as for any case.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from onewindow.accounts import services as account_services
from onewindow.accounts.constants import AccountKind, Role
from onewindow.core.audit import record
from onewindow.core.errors import InvalidInput, PermissionDenied

from .. import moves, selectors, services
from ..constants import Channel
from ..models import Case

APPLICANT_KINDS = (AccountKind.CITIZEN, AccountKind.ENTERPRISE)


def _require_clerk(user) -> None:
    if (
        user is None
        or not getattr(user, "is_authenticated", False)
        or not user.is_active
        or not user.has_role(Role.CLERK)
    ):
        raise PermissionDenied(_("仅窗口工作人员可以代为申请"))


def _new_username(kind: str) -> str:
    prefix = "wc" if kind == AccountKind.CITIZEN else "we"
    return f"{prefix}{secrets.token_hex(6)}"


def _throwaway_password() -> str:
    # Passes every password rule; never shown, never stored usable (replaced below).
    return f"{secrets.token_urlsafe(18)}Aa1!"


@transaction.atomic
def register_applicant(
    clerk,
    *,
    kind,
    display_name,
    phone,
    id_number="",
    uscc="",
    contact_name="",
    request=None,
):
    """Register a citizen (ID number) or an enterprise (USCC) who applies at the window."""
    _require_clerk(clerk)
    if kind not in APPLICANT_KINDS:
        raise InvalidInput(_("请选择申请人类别"), field="kind")
    password = _throwaway_password()
    if kind == AccountKind.CITIZEN:
        user = account_services.register_citizen(
            username=_new_username(kind),
            display_name=display_name,
            phone=phone,
            id_number=id_number,
            password=password,
            request=request,
        )
    else:
        user = account_services.register_enterprise(
            username=_new_username(kind),
            enterprise_name=display_name,
            uscc=uscc,
            contact_name=contact_name,
            phone=phone,
            password=password,
            request=request,
        )
    user.set_unusable_password()
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    record(
        "case.window_register_applicant",
        actor=clerk,
        obj=user,
        after={"username": user.username, "kind": user.kind, "display_name": user.display_name},
        request=request,
        summary=_("窗口登记申请人 %(name)s") % {"name": user.display_name},
    )
    return user


@transaction.atomic
def start_for_applicant(clerk, applicant, *, item=None, bundle=None, request=None) -> Case:
    """A window-channel draft for ``applicant``, started by the clerk at the window."""
    _require_clerk(clerk)
    if (
        applicant is None
        or getattr(applicant, "kind", None) not in APPLICANT_KINDS
        or not applicant.is_active
    ):
        raise InvalidInput(_("只能为个人或企业申请人代为申请"), field="applicant")
    if applicant.pk == clerk.pk:
        raise InvalidInput(_("不能为自己代为申请"), field="applicant")
    case = services.start_application(applicant, item=item, bundle=bundle, channel=Channel.WINDOW)
    # 就近办: the case belongs to the site of the clerk's window today (decision 0037).
    window = selectors.clerk_window(clerk)
    if window is not None:
        Case.objects.filter(pk=case.pk).update(site=window.site, window=window)
        case.site, case.window = window.site, window
    moves.event(case, "start", actor=clerk, note=_("窗口工作人员代为申请"))
    record(
        "case.window_start",
        actor=clerk,
        obj=case,
        after={"number": case.number, "applicant": applicant.pk, "channel": Channel.WINDOW},
        request=request,
        summary=_("窗口代为申请 %(number)s") % {"number": case.number},
    )
    return case
