"""Case models, one module per area; import them from here."""

from .case import (
    Case,
    CaseEvent,
    CaseMaterial,
    ConditionalPromise,
    DeficiencyNotice,
    DepartmentTask,
)
from .certificates import Certificate, Delivery
from .documents import ApplicantDocument
from .drafts import ApplicationDraft, DraftMaterial
from .reporting import CaseWarning, ReportCategory
from .rules import InstantRule
from .signoff import ReviewChain, SignoffGrant, TaskSignoff

__all__ = [
    "ApplicantDocument",
    "ApplicationDraft",
    "Case",
    "CaseEvent",
    "CaseMaterial",
    "CaseWarning",
    "Certificate",
    "ConditionalPromise",
    "DeficiencyNotice",
    "Delivery",
    "DepartmentTask",
    "DraftMaterial",
    "InstantRule",
    "ReportCategory",
    "ReviewChain",
    "SignoffGrant",
    "TaskSignoff",
]
