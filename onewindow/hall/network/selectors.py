"""Reads of the service network: pilots and their assessments, kiosks, cases per site kind."""

from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404

from onewindow.cases.models import Case
from onewindow.org.constants import SITE_STANDARD_ITEMS, SiteKind
from onewindow.org.models import ServiceSite, Terminal

from ..models import PilotAssessment


def pilots():
    return list(
        ServiceSite.objects.filter(is_standardisation_pilot=True)
        .select_related("parent")
        .annotate(latest=Max("pilot_assessments__score"), rounds=Count("pilot_assessments"))
        .order_by("code")
    )


def pilot(pk) -> ServiceSite:
    return get_object_or_404(ServiceSite, pk=pk, is_standardisation_pilot=True)


def assessments_of(site):
    labels = dict(SITE_STANDARD_ITEMS)
    rows = []
    for a in (
        PilotAssessment.objects.filter(site=site)
        .select_related("round", "assessor")
        .prefetch_related("checks")
        .order_by("-round__year", "-assessed_on")
    ):
        checks = [
            {
                "label": labels.get(c.item, c.item),
                "met": c.met,
                "points": c.points,
                "evidence": c.evidence,
            }
            for c in a.checks.all()
        ]
        rows.append({"assessment": a, "checks": checks})
    return rows


def kiosks():
    return list(
        Terminal.objects.select_related("site", "credential")
        .annotate(
            tracks=Count("transactions", filter=Q(transactions__action="track")),
            asks=Count("transactions", filter=Q(transactions__action="ask")),
            applies=Count("transactions", filter=Q(transactions__action="apply")),
        )
        .order_by("code")
    )


def cases_by_site_kind() -> list[dict]:
    counts = dict(
        Case.objects.filter(site__isnull=False)
        .values_list("site__kind")
        .annotate(n=Count("pk"))
        .values_list("site__kind", "n")
    )
    return [{"kind": label, "count": counts.get(value, 0)} for value, label in SiteKind.choices]


def online_branches():
    return ServiceSite.objects.filter(kind=SiteKind.ONLINE_BRANCH, is_active=True).count()
