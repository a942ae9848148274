"""Where a 站内信 message about a case or an e-delivery takes its reader.

The applicant (holder) goes to the applicant's pages; staff go to the staff's case page
(办件查询), which shows what they may see. Registered from CasesConfig.ready.
"""

from django.urls import reverse

from onewindow.core.inbox.links import register

from ..models import Case, Delivery


def _case_url(user, case: Case) -> str:
    if case.applicant_id == user.pk:
        return reverse("cases:detail", kwargs={"number": case.number})
    return reverse("cases:search_case", kwargs={"number": case.number})


@register("cases.case")
def case_link(user, object_id):
    case = Case.objects.filter(pk=int(object_id)).only("number", "applicant_id").first()
    return _case_url(user, case) if case is not None else None


@register("cases.delivery")
def delivery_link(user, object_id):
    delivery = Delivery.objects.select_related("case").filter(pk=int(object_id)).first()
    if delivery is None:
        return None
    if delivery.case.applicant_id == user.pk:
        return reverse("cases:e_delivery", kwargs={"number": delivery.case.number})
    return _case_url(user, delivery.case)
