"""Talk records (confidential: others get 404; every read audited), risk points."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from onewindow.core.audit import record
from onewindow.core.errors import NotFound

from .. import permissions
from ..constants import talks_per_year
from ..models import EducationSession, RiskPoint, Talk
from ..selectors import talk_shortfalls


@require_GET
@login_required
def talks(request):
    user = request.user
    if not permissions.sees_talks(user):
        raise NotFound()
    qs = Talk.objects.select_related("leader", "subject", "similar_to")
    if request.GET.get("flagged"):
        qs = qs.filter(similar_to__isnull=False)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    with transaction.atomic():
        record(
            "governance.talk_read",
            actor=user,
            object_type="governance.talk",
            object_id="list",
            after={"talks": [t.pk for t in page.object_list]},
            request=request,
        )
    today = timezone.localdate()
    context = {
        "page_obj": page,
        "shortfalls": talk_shortfalls(today.year),
        "needed": talks_per_year(),
        "risks": RiskPoint.objects.all(),
        "education": EducationSession.objects.filter(held_on__year=today.year),
        "may_record": permissions.records_talks(user),
        "may_risk": permissions.is_discipline(user) or permissions.is_deputy(user),
        "may_educate": permissions.manages_study(user) or permissions.is_discipline(user),
    }
    return render(request, "governance/talks.html", context)
