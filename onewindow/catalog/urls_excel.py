"""Filled by the catalogue work; empty until then."""

urlpatterns = []
