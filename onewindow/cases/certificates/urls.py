"""Certificates: the public check, downloads, revocation, delivery, 一业一证 applications."""

from django.urls import path

from . import views

urlpatterns = [
    path("verify/<str:token>/", views.verify, name="verify"),
    path("industry/<str:code>/start/", views.start_industry, name="start_industry"),
    path("deliver/<str:number>/", views.deliver, name="deliver"),
    path("<str:number>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("<str:number>/revoke/", views.revoke, name="certificate_revoke"),
]
