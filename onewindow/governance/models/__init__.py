from .assets import Asset, InventoryCount, InventoryScan, Reconciliation
from .cadres import Candidate, Objection, Selection, SelectionRecord
from .integrity import EducationSession, KeyPost, RiskEvaluation, RiskPoint, Talk
from .meetings import AgendaItem, Attendance, FilingComment, Meeting
from .spending import (
    AuditSample,
    AuditSampleItem,
    Contract,
    Expenditure,
    ExpenditureSignature,
    Milestone,
    Payment,
)
from .study import PartyLifeMeeting, StudySession, StudyTopic, VolunteerActivity

__all__ = [
    "AgendaItem",
    "Asset",
    "Attendance",
    "AuditSample",
    "AuditSampleItem",
    "Candidate",
    "Contract",
    "EducationSession",
    "Expenditure",
    "ExpenditureSignature",
    "FilingComment",
    "InventoryCount",
    "InventoryScan",
    "KeyPost",
    "Meeting",
    "Milestone",
    "Objection",
    "PartyLifeMeeting",
    "Payment",
    "Reconciliation",
    "RiskEvaluation",
    "RiskPoint",
    "Selection",
    "SelectionRecord",
    "StudySession",
    "StudyTopic",
    "Talk",
    "VolunteerActivity",
]
