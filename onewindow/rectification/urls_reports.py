"""Rectification URLs (reports)."""

urlpatterns = []
