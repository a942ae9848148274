"""Party-group governance pages (docs/governance.md)."""

from django.urls import path

from . import entry, views
from .assets import labels
from .assets import views as assets
from .cadres import views as cadres
from .integrity import views as integrity
from .meetings import views as meetings
from .spending import views as spending

app_name = "governance"

urlpatterns = [
    path("", views.home, name="home"),
    path("meetings/", meetings.meetings, name="meetings"),
    path("meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", meetings.meeting, name="meeting"),
    path("meetings/<int:pk>/minutes.docx", meetings.minutes_docx, name="minutes_docx"),
    path("meetings/<int:pk>/<slug:action>/", meetings.meeting_action, name="meeting_action"),
    path("items/<int:pk>/<slug:action>/", meetings.item_action, name="item_action"),
    path("filings/", meetings.filings, name="filings"),
    path("expenditures/", spending.expenditures, name="expenditures"),
    path("expenditures/<int:pk>/", spending.expenditure, name="expenditure"),
    path("expenditures/<int:pk>/sign/", spending.expenditure_sign, name="expenditure_sign"),
    path("contracts/", spending.contracts, name="contracts"),
    path("contracts/<int:pk>/", spending.contract, name="contract"),
    path("milestones/<int:pk>/<slug:action>/", spending.milestone_action, name="milestone_action"),
    path("assets/", assets.assets, name="assets"),
    path("assets/<int:pk>/", labels.asset, name="asset"),
    path("assets/labels/", labels.labels, name="asset_labels"),
    path("reconciliations/<int:pk>/", assets.reconciliation, name="reconciliation"),
    path("inventory/new/", assets.inventory_new, name="inventory_new"),
    path("inventory/<int:pk>/", assets.inventory, name="inventory"),
    path("talks/", integrity.talks, name="talks"),
    path("selections/", cadres.selections, name="selections"),
    path("selections/<int:pk>/", cadres.selection, name="selection"),
    path("selections/<int:pk>/notice.docx", cadres.notice_docx, name="notice_docx"),
    path("study/", views.study, name="study"),
    # Entry forms (entry.py): each through its register's service.
    path("talks/new/", entry.talk_new, name="talk_new"),
    path("risks/new/", entry.risk_new, name="risk_new"),
    path("risks/<int:pk>/evaluate/", entry.risk_evaluate, name="risk_evaluate"),
    path("education/new/", entry.education_new, name="education_new"),
    path("contracts/new/", entry.contract_new, name="contract_new"),
    path("selections/new/", entry.selection_new, name="selection_new"),
    path("selections/<int:pk>/step/", entry.selection_step, name="selection_step"),
    path("selections/<int:pk>/objections/new/", entry.objection_new, name="objection_new"),
    path("objections/<int:pk>/resolve/", entry.objection_resolve, name="objection_resolve"),
    path("candidates/<int:pk>/file-check/", entry.file_check, name="file_check"),
    path("study/new/<slug:kind>/", entry.study_new, name="study_new"),
]
