"""Reads of progress reports, scoped to the viewer.

Leaders, party-group members, discipline officers and hall supervisors see every report of
the bureau (drafts too); anyone else gets 403 on the list and 404 on a report. The public
sees published reports only, by their public address.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from onewindow.core.errors import NotFound, PermissionDenied

from ..constants import ReportStatus
from ..models import Inspection, ProgressReport
from .services import can_draft, can_read


def reports_for(user):
    if not can_read(user):
        raise PermissionDenied(
            _("只有局领导、党组成员、派驻纪检监察人员和督查人员可以查看整改通报")
        )
    return ProgressReport.objects.select_related("inspection", "created_by", "published_by")


def report_for(user, pk) -> ProgressReport:
    if not can_read(user):
        raise NotFound()
    report = reports_for(user).filter(pk=pk).first()
    if report is None:
        raise NotFound()
    return report


def inspections_for(user):
    """Inspections a drafter may start a report for (newest feedback first)."""
    if not can_draft(user):
        return Inspection.objects.none()
    return Inspection.objects.order_by("-feedback_on", "-id")


def inspection_for_new(user, pk) -> Inspection:
    inspection = inspections_for(user).filter(pk=pk).first()
    if inspection is None:
        raise NotFound()
    return inspection


def published_reports():
    return (
        ProgressReport.objects.filter(status=ReportStatus.PUBLISHED)
        .select_related("inspection")
        .order_by("-published_at", "-id")
    )


def published_report(slug) -> ProgressReport:
    slug = str(slug or "")
    report = published_reports().filter(slug=slug).first() if len(slug) <= 40 else None
    if report is None:
        raise NotFound(_("未找到该整改通报，或尚未公开"))
    return report
