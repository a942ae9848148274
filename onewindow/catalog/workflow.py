"""The allowed changes of an item version's status, as a data table.

Each transition names the statuses it starts from, the status it ends in and the guard
(a function of permissions.py) the actor must pass. ``system_sources`` are extra starting
statuses allowed only to the system (``actor=None``): the demo loader and the import
publish a fresh draft directly, without review.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import permissions
from .constants import VersionStatus as S


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    guard: object  # permissions.<fn>(user, item) -> bool
    label: str
    system_sources: tuple[str, ...] = ()

    def allowed_sources(self, actor) -> tuple[str, ...]:
        return self.sources + (self.system_sources if actor is None else ())


def _edit(user, item):
    return permissions.can_edit_item(user, item)


def _publish(user, item):
    return permissions.can_publish(user)


TRANSITIONS = {
    "submit": Transition("submit", (S.DRAFT,), S.IN_REVIEW, _edit, _("提交审核")),
    "publish": Transition(
        "publish", (S.IN_REVIEW,), S.PUBLISHED, _publish, _("发布"), system_sources=(S.DRAFT,)
    ),
    "reject": Transition("reject", (S.IN_REVIEW,), S.DRAFT, _publish, _("退回修改")),
    "withdraw": Transition("withdraw", (S.PUBLISHED,), S.WITHDRAWN, _publish, _("停用")),
    # Not an action of its own: publishing a new version supersedes the current one.
    "supersede": Transition("supersede", (S.PUBLISHED,), S.SUPERSEDED, _publish, _("替代")),
}

# Only drafts may be edited; the rest are history that cases point to.
EDITABLE = frozenset({S.DRAFT})
# A new revision may not start while another one is still open.
OPEN = frozenset({S.DRAFT, S.IN_REVIEW})


def transition(name: str) -> Transition:
    return TRANSITIONS[name]


def available(user, version) -> list[str]:
    """The transitions this user may apply to this version now (for buttons)."""
    out = []
    for name in ("submit", "publish", "reject", "withdraw"):
        t = TRANSITIONS[name]
        if version.status in t.sources and t.guard(user, version.item):
            out.append(name)
    return out
