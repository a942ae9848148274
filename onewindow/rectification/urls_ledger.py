"""Rectification URLs (ledger)."""

urlpatterns = []
