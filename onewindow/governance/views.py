"""The governance home: warnings, the figures the rectification ledger uses, links; study."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from onewindow.core.errors import NotFound

from . import metrics, permissions
from .models import PartyLifeMeeting, StudySession, StudyTopic, VolunteerActivity
from .selectors import party_life_due, warnings_for

FIGURES = [
    ("gov_sanzhong_filed", metrics.sanzhong_filed_share),
    ("gov_first_topic", metrics.first_topic_share),
    ("gov_large_spending_decided", metrics.large_spending_decided_share),
    ("gov_milestones_performed", metrics.milestones_performed_share),
    ("gov_reconciliations", metrics.reconciliations_this_half_year),
    ("gov_key_post_talks", metrics.key_post_talks_share),
    ("gov_study_sessions", metrics.study_sessions),
]


@require_GET
@login_required
def home(request):
    from onewindow.rectification.metrics import METRICS

    user = request.user
    if not permissions.sees_governance(user):
        raise NotFound()
    today = timezone.localdate()
    figures = []
    if permissions.sees_meetings(user):
        for code, compute in FIGURES:
            metric = METRICS[code]
            figures.append({"label": metric.label, "unit": metric.unit, "value": compute(today)})
    context = {
        "warnings": warnings_for(user, today),
        "figures": figures,
        "p": {
            "meetings": permissions.sees_meetings(user),
            "spending": permissions.files_expenditures(user) or permissions.sees_all_spending(user),
            "contracts": permissions.sees_all_spending(user),
            "assets": permissions.sees_assets(user),
            "talks": permissions.sees_talks(user),
            "cadres": permissions.sees_cadres(user),
            "study": permissions.sees_study(user),
        },
    }
    return render(request, "governance/home.html", context)


@require_GET
@login_required
def study(request):
    if not permissions.sees_study(request.user):
        raise NotFound()
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    context = {
        "year": year,
        "topics": StudyTopic.objects.filter(year=year),
        "sessions": StudySession.objects.filter(held_on__year=year).select_related("topic"),
        "party_life": PartyLifeMeeting.objects.filter(held_on__year=year),
        "due": party_life_due(today),
        "volunteer_count": VolunteerActivity.objects.filter(held_on__year=year).count(),
        "may_manage": permissions.manages_study(request.user),
        "may_educate": permissions.manages_study(request.user)
        or permissions.is_discipline(request.user),
    }
    return render(request, "governance/study.html", context)
