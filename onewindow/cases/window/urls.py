"""The window's pages (受理工作台) and the printable notices of a case."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.queue, name="window_queue"),
    path("apply/", views.apply, name="window_apply"),
    path("activation-slip/", views.activation_slip, name="window_activation_slip"),
    path("cases/<str:number>/", views.case_page, name="window_case"),
    path("notices/<str:number>/<slug:kind>/", views.notice, name="notice"),
]
