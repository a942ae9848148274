"""Rectification URLs (reports): the progress report (整改进展情况的通报) and its public page."""

from django.urls import path

from .report import views

urlpatterns = [
    path("", views.reports, name="reports"),
    path("new/<int:pk>/", views.report_new, name="report_new"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/docx/", views.report_docx, name="report_docx"),
    path("public/", views.public_reports, name="public_reports"),
    path("public/<str:slug>/", views.public_report, name="public_report"),
]
