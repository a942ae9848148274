"""Entry forms for the registers that were only shown: talks, risk points (and their
evaluation), warning education, contracts with their milestones, cadre selection (start,
file checks, each step, objections) and study records.

Each page is thin: a Django form for the widgets, then the register's service, which does
the validation the API and the demo also get (a refusal comes back beside its field in
Chinese, status 400, nothing saved). Whoever may not write gets 404, as on the registers.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from onewindow.accounts.constants import ADMIN_ROLES, PUBLIC_ROLES
from onewindow.accounts.models import User
from onewindow.core.errors import DomainError, InvalidInput, NotFound
from onewindow.core.forms import show_error

from . import permissions
from .cadres import services as cadres
from .constants import PartyLifeKind, RiskLevel, StudyKind, TalkKind
from .integrity import services as integrity
from .models import Candidate, Objection, RiskPoint, Selection, StudyTopic
from .spending import services as spending
from .study import services as study
from .web import act, refused_status

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
AREA = forms.Textarea(attrs={"rows": 4})


def staff():
    """The bureau's people (anyone holding a business role that is not the public's)."""
    return (
        User.objects.filter(is_active=True, role_grants__isnull=False)
        .exclude(role_grants__role__in=[*PUBLIC_ROLES, *ADMIN_ROLES])
        .distinct()
        .order_by("display_name", "pk")
    )


class StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name or obj.username


class StaffMultiple(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name or obj.username


def _page(request, form, call, *, title, back, success):
    """GET shows the form; a valid POST calls the service: success flashes and goes to
    ``back`` (or the URL ``call`` returns), a refusal comes back on the form (400/409)."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = call(form.cleaned_data)
            except DomainError as exc:
                show_error(form, exc)
                status = refused_status(exc)
            else:
                messages.success(request, success)
                return redirect(result if isinstance(result, str) else back)
        else:
            status = 400
    context = {"form": form, "title": title, "back": back}
    return render(request, "governance/entry.html", context, status=status)


# -- integrity ----------------------------------------------------------------------------


class TalkForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("谈话类型"), choices=TalkKind.choices)
    leader = StaffChoice(label=gettext_lazy("谈话人"), queryset=User.objects.none())
    subject = StaffChoice(label=gettext_lazy("谈话对象"), queryset=User.objects.none())
    held_on = forms.DateField(label=gettext_lazy("谈话日期"), widget=DATE)
    content = forms.CharField(
        label=gettext_lazy("谈话内容"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("如实记录本次谈话的内容；与其他记录高度雷同的会提示纪检监察人员。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = staff()
        self.fields["subject"].queryset = staff()


@require_http_methods(["GET", "POST"])
@login_required
def talk_new(request):
    user = request.user
    if not permissions.records_talks(user):
        raise NotFound()
    initial = {"leader": user.pk, "held_on": timezone.localdate()}
    if request.GET.get("kind") in TalkKind.values:
        initial["kind"] = request.GET["kind"]
    if (request.GET.get("subject") or "").isdigit():
        initial["subject"] = int(request.GET["subject"])
    form = TalkForm(request.POST or None, initial=initial)
    back = reverse("governance:talks" if permissions.sees_talks(user) else "governance:selections")

    def call(data):
        integrity.record_talk(user, **data, request=request)

    return _page(request, form, call, title=_("记录谈话"), back=back, success=_("已登记谈话记录"))


class RiskForm(forms.Form):
    post_name = forms.CharField(label=gettext_lazy("岗位"), max_length=100)
    process_name = forms.CharField(label=gettext_lazy("环节"), max_length=100)
    description = forms.CharField(label=gettext_lazy("风险描述"), max_length=1000, widget=AREA)
    level = forms.ChoiceField(label=gettext_lazy("风险等级"), choices=RiskLevel.choices)
    controls = forms.CharField(label=gettext_lazy("防控措施"), max_length=2000, widget=AREA)


def _require_risks(user):
    if not (permissions.is_discipline(user) or permissions.is_deputy(user)):
        raise NotFound()


@require_http_methods(["GET", "POST"])
@login_required
def risk_new(request):
    user = request.user
    _require_risks(user)
    form = RiskForm(request.POST or None)

    def call(data):
        integrity.add_risk_point(user, **data, request=request)

    return _page(
        request,
        form,
        call,
        title=_("登记廉政风险点"),
        back=reverse("governance:talks"),
        success=_("已登记廉政风险点"),
    )


class EvaluationForm(forms.Form):
    level = forms.ChoiceField(label=gettext_lazy("测评后的风险等级"), choices=RiskLevel.choices)
    note = forms.CharField(
        label=gettext_lazy("测评意见"), max_length=1000, required=False, widget=AREA
    )


@require_http_methods(["GET", "POST"])
@login_required
def risk_evaluate(request, pk):
    user = request.user
    _require_risks(user)
    risk = RiskPoint.objects.filter(pk=pk).first()
    if risk is None:
        raise NotFound()
    form = EvaluationForm(request.POST or None, initial={"level": risk.level})

    def call(data):
        integrity.evaluate_risk(user, risk, **data, request=request)

    title = _("风险点测评：%(post)s · %(process)s") % {
        "post": risk.post_name,
        "process": risk.process_name,
    }
    return _page(
        request,
        form,
        call,
        title=title,
        back=reverse("governance:talks"),
        success=_("已记录测评结果"),
    )


class EducationForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("主题"), max_length=200)
    held_on = forms.DateField(label=gettext_lazy("日期"), widget=DATE)
    attendees = StaffMultiple(
        label=gettext_lazy("参加人员"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = staff()


@require_http_methods(["GET", "POST"])
@login_required
def education_new(request):
    user = request.user
    if not (permissions.manages_study(user) or permissions.is_discipline(user)):
        raise NotFound()
    form = EducationForm(request.POST or None, initial={"held_on": timezone.localdate()})
    back = reverse("governance:talks" if permissions.sees_talks(user) else "governance:study")

    def call(data):
        integrity.record_education(
            user,
            title=data["title"],
            held_on=data["held_on"],
            attendees=list(data["attendees"]),
            request=request,
        )

    return _page(
        request, form, call, title=_("登记警示教育"), back=back, success=_("已登记警示教育")
    )


# -- contracts ----------------------------------------------------------------------------


def parse_milestones(value: str) -> list[tuple[str, date, str]]:
    """One milestone a line: 名称，约定日期（年-月-日），金额 (commas of either width).
    Each bad line is named in the message."""
    rows, errors = [], []
    for number, line in enumerate((value or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        parts = [p.strip() for p in line.replace("，", ",").split(",")]
        if len(parts) != 3 or not all(parts):
            errors.append(_("第%(n)s行应为“名称，约定日期，金额”三项") % {"n": number})
            continue
        try:
            due = date.fromisoformat(parts[1])
        except ValueError:
            errors.append(
                _("第%(n)s行的约定日期“%(v)s”不是有效日期（格式：2026-06-30）")
                % {"n": number, "v": parts[1][:20]}
            )
            continue
        rows.append((parts[0], due, parts[2]))
    if errors:
        raise InvalidInput("；".join(errors), field="milestones")
    return rows


class ContractForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("合同编号"), max_length=40)
    title = forms.CharField(label=gettext_lazy("合同名称"), max_length=200)
    counterparty_name = forms.CharField(label=gettext_lazy("相对方"), max_length=200)
    amount = forms.CharField(
        label=gettext_lazy("合同金额（元）"), max_length=20, help_text=gettext_lazy("例如 48000.00")
    )
    starts_on = forms.DateField(label=gettext_lazy("起始日期"), widget=DATE)
    ends_on = forms.DateField(label=gettext_lazy("终止日期"), widget=DATE)
    obligations = forms.CharField(
        label=gettext_lazy("主要义务"), max_length=3000, required=False, widget=AREA
    )
    milestones = forms.CharField(
        label=gettext_lazy("履约节点"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "首付款，2026-03-31，20000"}),
        help_text=gettext_lazy(
            "每行一个：名称，约定日期，金额。节点金额之和不能超过合同金额；"
            "付款须在节点验收后，且不超过节点和合同金额。"
        ),
    )


@require_http_methods(["GET", "POST"])
@login_required
def contract_new(request):
    user = request.user
    if not permissions.manages_contracts(user):
        raise NotFound()
    form = ContractForm(request.POST or None)

    def call(data):
        data = dict(data)
        data["milestones"] = parse_milestones(data.get("milestones", ""))
        contract = spending.create_contract(user, **data, request=request)
        return reverse("governance:contract", args=[contract.pk])

    return _page(
        request,
        form,
        call,
        title=_("登记合同"),
        back=reverse("governance:contracts"),
        success=_("已登记合同"),
    )


# -- cadre selection ----------------------------------------------------------------------


class SelectionForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("选拔名称"), max_length=200)
    post_name = forms.CharField(label=gettext_lazy("拟任职务"), max_length=200)
    candidates = StaffMultiple(
        label=gettext_lazy("人选"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = staff()


@require_http_methods(["GET", "POST"])
@login_required
def selection_new(request):
    user = request.user
    if not permissions.manages_cadres(user):
        raise NotFound()
    form = SelectionForm(request.POST or None)

    def call(data):
        row = cadres.start(
            user,
            title=data["title"],
            post_name=data["post_name"],
            candidates=list(data["candidates"]),
            request=request,
        )
        return reverse("governance:selection", args=[row.pk])

    return _page(
        request,
        form,
        call,
        title=_("启动干部选拔任用"),
        back=reverse("governance:selections"),
        success=_("已启动选拔任用，下一环节：动议"),
    )


class StepForm(forms.Form):
    """The next step only (the service refuses any other); the notice's period in
    working days for the 任前公示 step."""

    step = forms.TypedChoiceField(label=gettext_lazy("环节"), coerce=int, choices=())
    done_on = forms.DateField(label=gettext_lazy("完成日期"), widget=DATE)
    notice_days = forms.CharField(
        label=gettext_lazy("公示期（工作日）"),
        max_length=3,
        required=False,
        help_text=gettext_lazy("仅任前公示环节填写；不少于规定的工作日数"),
    )
    note = forms.CharField(label=gettext_lazy("情况"), max_length=2000, required=False, widget=AREA)

    def __init__(self, selection, *args, **kwargs):
        super().__init__(*args, **kwargs)
        nxt = selection.next_step
        self.fields["step"].choices = [(int(nxt), nxt.label)] if nxt is not None else []


class ObjectionForm(forms.Form):
    raised_on = forms.DateField(label=gettext_lazy("反映日期"), widget=DATE)
    content = forms.CharField(label=gettext_lazy("反映内容"), max_length=2000, widget=AREA)


class ResolutionForm(forms.Form):
    resolved_on = forms.DateField(label=gettext_lazy("办结日期"), widget=DATE)
    resolution = forms.CharField(label=gettext_lazy("核查结果"), max_length=2000, widget=AREA)


def _managed_selection(user, pk) -> Selection:
    if not permissions.manages_cadres(user):
        raise NotFound()
    row = Selection.objects.filter(pk=pk).first()
    if row is None:
        raise NotFound()
    return row


@require_http_methods(["GET", "POST"])
@login_required
def selection_step(request, pk):
    user = request.user
    selection = _managed_selection(user, pk)
    if selection.next_step is None:
        raise NotFound()
    form = StepForm(selection, request.POST or None, initial={"done_on": timezone.localdate()})

    def call(data):
        cadres.advance(
            user,
            selection,
            data["step"],
            done_on=data["done_on"],
            note=data["note"],
            notice_days=data["notice_days"] or None,
            request=request,
        )

    return _page(
        request,
        form,
        call,
        title=_("记录环节：%(title)s") % {"title": selection.title},
        back=reverse("governance:selection", args=[selection.pk]),
        success=_("已记录该环节"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def objection_new(request, pk):
    user = request.user
    selection = _managed_selection(user, pk)
    form = ObjectionForm(request.POST or None, initial={"raised_on": timezone.localdate()})

    def call(data):
        cadres.raise_objection(user, selection, **data, request=request)

    return _page(
        request,
        form,
        call,
        title=_("登记公示期间反映的问题"),
        back=reverse("governance:selection", args=[selection.pk]),
        success=_("已登记反映的问题"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def objection_resolve(request, pk):
    user = request.user
    if not permissions.manages_cadres(user):
        raise NotFound()
    objection = Objection.objects.filter(pk=pk).select_related("selection").first()
    if objection is None:
        raise NotFound()
    form = ResolutionForm(request.POST or None, initial={"resolved_on": timezone.localdate()})

    def call(data):
        cadres.resolve_objection(user, objection, **data, request=request)

    return _page(
        request,
        form,
        call,
        title=_("办结反映的问题"),
        back=reverse("governance:selection", args=[objection.selection_id]),
        success=_("已办结"),
    )


@require_POST
@login_required
def file_check(request, pk):
    """凡提必审: the candidate's personnel file checked today."""
    user = request.user
    if not permissions.manages_cadres(user):
        raise NotFound()
    candidate = Candidate.objects.filter(pk=pk).first()
    if candidate is None:
        raise NotFound()
    back = reverse("governance:selection", args=[candidate.selection_id])
    return act(
        request,
        back,
        lambda: cadres.check_file(user, candidate, request=request),
        _("已记录人事档案审核"),
    )


# -- study and party life -----------------------------------------------------------------


class TopicForm(forms.Form):
    year = forms.CharField(label=gettext_lazy("年度"), max_length=4)
    title = forms.CharField(label=gettext_lazy("学习专题"), max_length=200)


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("学习形式"), choices=StudyKind.choices)
    title = forms.CharField(label=gettext_lazy("主题"), max_length=200)
    held_on = forms.DateField(label=gettext_lazy("日期"), widget=DATE)
    topic = forms.ModelChoiceField(
        label=gettext_lazy("学习专题"), queryset=StudyTopic.objects.none(), required=False
    )
    attendance = forms.CharField(label=gettext_lazy("参加人数"), max_length=5)
    notes = forms.CharField(
        label=gettext_lazy("学习记录"), max_length=3000, required=False, widget=AREA
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = StudyTopic.objects.order_by("-year", "order")


class PartyLifeForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=PartyLifeKind.choices)
    title = forms.CharField(label=gettext_lazy("主题"), max_length=200)
    held_on = forms.DateField(label=gettext_lazy("日期"), widget=DATE)
    attendance = forms.CharField(label=gettext_lazy("参加人数"), max_length=5)


class VolunteerForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("活动名称"), max_length=200)
    held_on = forms.DateField(label=gettext_lazy("日期"), widget=DATE)
    participants = forms.CharField(label=gettext_lazy("参加人数"), max_length=5)


STUDY_FORMS = {
    "topic": (TopicForm, study.add_topic, gettext_lazy("增加学习专题")),
    "session": (SessionForm, study.record_session, gettext_lazy("登记中心组学习")),
    "party-life": (PartyLifeForm, study.record_party_life, gettext_lazy("登记“三会一课”")),
    "volunteer": (VolunteerForm, study.record_volunteering, gettext_lazy("登记志愿服务")),
}


@require_http_methods(["GET", "POST"])
@login_required
def study_new(request, kind):
    user = request.user
    if kind not in STUDY_FORMS or not permissions.manages_study(user):
        raise NotFound()
    form_class, service, title = STUDY_FORMS[kind]
    today = timezone.localdate()
    form = form_class(request.POST or None, initial={"held_on": today, "year": today.year})

    def call(data):
        service(user, **data, request=request)

    return _page(
        request,
        form,
        call,
        title=str(title),
        back=reverse("governance:study"),
        success=_("已登记"),
    )
