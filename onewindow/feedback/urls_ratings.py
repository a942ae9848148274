"""Feedback URLs (ratings)."""

urlpatterns = []
