"""Rectification pages: the ledger, close-out, the progress report and its public page."""

from django.urls import include, path

app_name = "rectification"

urlpatterns = [
    path("reports/", include("onewindow.rectification.urls_reports")),
    path("", include("onewindow.rectification.urls_ledger")),
]
