"""Feedback URLs (public): the published 好差评 figures."""

from django.urls import path

from .public import views

urlpatterns = [
    path("", views.public_page, name="public"),
    path("data.json", views.public_data, name="public_data"),
]
