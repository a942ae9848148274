from .ledger import (
    Accountability,
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
