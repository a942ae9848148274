"""The allowed changes of a measure's state, as data (整改措施的状态流转).

    planned ──progress──▶ in_progress ──submit──▶ submitted ──accept──▶ accepted ──confirm──▶ closed
       │                       ▲                     │  └──accept (no confirmation needed)──▶ closed
       └──────submit───────────┼─────────────────────┘
                               └──────return───── submitted
    closed ──reopen (回头看, with reasons)──▶ reopened ──progress / submit──▶ …

Services look the transition up here and change the row with a conditional UPDATE from
one of ``sources`` to ``target``; an action not in the table for the current state is
refused with its Chinese message.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..constants import MeasureStatus as S


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str | None  # None: the service decides (accept: accepted or closed)
    refused: str


TRANSITIONS = {
    t.action: t
    for t in (
        Transition(
            "progress",
            (S.PLANNED, S.IN_PROGRESS, S.REOPENED),
            S.IN_PROGRESS,
            _("该措施已申请销号或已销号，不能再报送进展"),
        ),
        Transition(
            "submit",
            (S.PLANNED, S.IN_PROGRESS, S.REOPENED),
            S.SUBMITTED,
            _("该措施已申请销号或已销号"),
        ),
        Transition(
            "accept",
            (S.SUBMITTED,),
            None,
            _("只有已申请销号的措施才能验收"),
        ),
        Transition(
            "return",
            (S.SUBMITTED,),
            S.IN_PROGRESS,
            _("只有已申请销号的措施才能退回"),
        ),
        Transition(
            "confirm",
            (S.ACCEPTED, S.CLOSED),
            S.CLOSED,
            _("只有领导验收后的措施才能由巡察办确认"),
        ),
        Transition(
            "reopen",
            (S.CLOSED, S.ACCEPTED),
            S.REOPENED,
            _("只有已销号的措施才能在回头看中重新打开"),
        ),
    )
}

# States in which a measure counts as done (not overdue, not escalated).
DONE = (S.ACCEPTED, S.CLOSED)
# States in which the responsible unit is still working on it.
OPEN = (S.PLANNED, S.IN_PROGRESS, S.REOPENED, S.SUBMITTED)


def transition(action: str) -> Transition:
    return TRANSITIONS[action]


def allowed(action: str, status: str) -> bool:
    return status in TRANSITIONS[action].sources


def actions_for(status: str) -> list[str]:
    return [a for a, t in TRANSITIONS.items() if status in t.sources]
