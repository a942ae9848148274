"""Feedback URLs (public)."""

urlpatterns = []
