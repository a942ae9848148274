from .ledger import (
    Accountability,
    AccountabilityType,
    Category,
    Inspection,
    LedgerEvent,
    Measure,
    MeasureOutput,
    Problem,
    ProgressEvidence,
    ProgressUpdate,
)
from .reports import ProgressReport, ReportFeedback

__all__ = [
    "Accountability",
    "AccountabilityType",
    "Category",
    "Inspection",
    "LedgerEvent",
    "Measure",
    "MeasureOutput",
    "Problem",
    "ProgressEvidence",
    "ProgressReport",
    "ProgressUpdate",
    "ReportFeedback",
]
