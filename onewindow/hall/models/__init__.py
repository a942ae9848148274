"""Hall supervision (attendance, patrols, notices, assessments), staff, the network, queue."""

from .network import KioskCredential, KioskTransaction, PilotAssessment, PilotCheck, PilotRound
from .queue import Ticket
from .staff import PartyActivity, PartyMember, PerformanceIndicator, PerformanceReview, Training
from .supervision import (
    Assessment,
    AssessmentScore,
    AttendanceRecord,
    Finding,
    HallRules,
    Leave,
    Notice,
    Patrol,
)

__all__ = [
    "Assessment",
    "AssessmentScore",
    "AttendanceRecord",
    "Finding",
    "HallRules",
    "KioskCredential",
    "KioskTransaction",
    "Leave",
    "Notice",
    "PartyActivity",
    "PartyMember",
    "Patrol",
    "PerformanceIndicator",
    "PerformanceReview",
    "PilotAssessment",
    "PilotCheck",
    "PilotRound",
    "Ticket",
    "Training",
]
