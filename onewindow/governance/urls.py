"""Party-group governance pages (docs/governance.md)."""

from django.urls import path

from . import views
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
    path("reconciliations/<int:pk>/", assets.reconciliation, name="reconciliation"),
    path("inventory/new/", assets.inventory_new, name="inventory_new"),
    path("inventory/<int:pk>/", assets.inventory, name="inventory"),
    path("talks/", integrity.talks, name="talks"),
    path("selections/", cadres.selections, name="selections"),
    path("selections/<int:pk>/", cadres.selection, name="selection"),
    path("selections/<int:pk>/notice.docx", cadres.notice_docx, name="notice_docx"),
    path("study/", views.study, name="study"),
]
