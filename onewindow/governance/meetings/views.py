"""Meeting pages: the list, a new meeting, a meeting with its items and actions, minutes."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onewindow.accounts.constants import Role
from onewindow.accounts.models import User
from onewindow.core.audit import record
from onewindow.core.errors import DomainError, NotFound
from onewindow.core.forms import show_error

from .. import documents, permissions
from ..constants import ItemKind, MeetingKind, MeetingStatus, Outcome
from ..models import Expenditure, Selection
from ..web import act, docx_response, refused_status
from . import selectors, services


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("会议类型"), choices=MeetingKind.choices)
    title = forms.CharField(label=gettext_lazy("会议名称"), max_length=200)
    held_on = forms.DateField(
        label=gettext_lazy("召开日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    members = forms.ModelMultipleChoiceField(
        label=gettext_lazy("应到成员"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = (
            User.objects.filter(role_grants__role=Role.PARTY_MEMBER, is_active=True)
            .distinct()
            .order_by("pk")
        )
        self.fields["members"].initial = list(self.fields["members"].queryset)


@require_GET
@login_required
def meetings(request):
    qs = selectors.meetings_for(request.user).annotate(item_count=selectors.ITEM_COUNT)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "may_manage": permissions.manages_meetings(request.user),
    }
    return render(request, "governance/meetings.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def meeting_new(request):
    selectors.meetings_for(request.user)
    if not permissions.manages_meetings(request.user):
        raise NotFound()
    form = MeetingForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(
                request.user,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                held_on=form.cleaned_data["held_on"],
                members=list(form.cleaned_data["members"]),
                request=request,
            )
        except DomainError as exc:
            show_error(form, exc)
            status = refused_status(exc)
        else:
            return redirect("governance:meeting", pk=meeting.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request, "governance/form.html", {"form": form, "title": _("安排会议")}, status=status
    )


@require_GET
@login_required
def meeting(request, pk):
    user = request.user
    obj = selectors.meeting_for(user, pk)
    items = list(obj.items.select_related("expenditure", "selection").prefetch_related("comments"))
    attendance = list(obj.attendance.select_related("person"))
    draft = obj.status == MeetingStatus.DRAFT
    context = {
        "meeting": obj,
        "items": items,
        "attendance": attendance,
        "present": sum(1 for a in attendance if a.present),
        "draft": draft,
        "may_manage": permissions.manages_meetings(user) and draft,
        "is_discipline": permissions.is_discipline(user),
        "item_kinds": ItemKind.choices,
        "expenditures": Expenditure.objects.filter(status="principal").order_by("-pk")[:50],
        "selections": Selection.objects.filter(step=4).order_by("-pk")[:20]
        if permissions.manages_meetings(user)
        else [],
        "pending": Outcome.PENDING,
        "first_is_study": services.first_item_is_study(obj),
    }
    return render(request, "governance/meeting.html", context)


def _back(meeting_pk):
    return reverse("governance:meeting", args=[meeting_pk])


@require_POST
@login_required
def meeting_action(request, pk, action):
    user = request.user
    obj = selectors.meeting_for(user, pk)
    data = request.POST
    back = _back(obj.pk)
    if action == "attendance":
        return act(
            request,
            back,
            lambda: services.set_attendance(user, obj, data.getlist("present"), request=request),
            _("已登记出席情况"),
        )
    if action == "item":

        def add():
            expenditure = selection = None
            if data.get("expenditure"):
                expenditure = Expenditure.objects.filter(pk=data["expenditure"]).first()
            if data.get("selection"):
                selection = Selection.objects.filter(pk=data["selection"]).first()
            services.add_item(
                user,
                obj,
                title=data.get("title", ""),
                kind=data.get("kind", ""),
                expenditure=expenditure,
                selection=selection,
                request=request,
            )

        return act(request, back, add, _("已添加议题"))
    if action == "finalise":
        return act(
            request,
            back,
            lambda: services.finalise(user, obj, minutes=data.get("minutes", ""), request=request),
            _("会议纪要已定稿"),
        )
    raise NotFound()


@require_POST
@login_required
def item_action(request, pk, action):
    user = request.user
    item = selectors.item_for(user, pk)
    data = request.POST
    back = _back(item.meeting_id)
    if action == "file":
        return act(
            request,
            back,
            lambda: services.file_item(
                user, item, filed_on=data.get("filed_on") or None, request=request
            ),
            _("已向派驻纪检监察组报备"),
        )
    if action == "decide":
        return act(
            request,
            back,
            lambda: services.decide(
                user,
                item,
                decision=data.get("decision", ""),
                votes_for=data.get("votes_for", ""),
                votes_against=data.get("votes_against", "0") or 0,
                votes_abstain=data.get("votes_abstain", "0") or 0,
                request=request,
            ),
            _("已记录决定"),
        )
    if action == "comment":
        return act(
            request,
            reverse("governance:filings"),
            lambda: services.comment_filing(user, item, data.get("text", ""), request=request),
            _("已提出意见"),
        )
    raise NotFound()


@require_GET
@login_required
def minutes_docx(request, pk):
    obj = selectors.meeting_for(request.user, pk)
    data = documents.minutes(obj)
    with transaction.atomic():
        record(
            "governance.minutes_download",
            actor=request.user,
            obj=obj,
            request=request,
            after={"bytes": len(data), "status": obj.status},
        )
    return docx_response(data, f"{obj.title[:60]}纪要.docx")


@require_GET
@login_required
def filings(request):
    items = selectors.filings_for(request.user)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "is_discipline": permissions.is_discipline(request.user),
    }
    return render(request, "governance/filings.html", context)
