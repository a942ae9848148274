"""Feedback URLs (orders)."""

urlpatterns = []
