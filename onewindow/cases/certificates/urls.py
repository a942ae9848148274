"""Certificates: the public check, downloads, revocation, delivery, 一业一证 applications."""

from django.urls import path

from . import views

urlpatterns = [
    path("verify/<str:token>/", views.verify, name="verify"),
    path("industry/<str:code>/start/", views.start_industry, name="start_industry"),
    path("deliver/<str:number>/", views.deliver, name="deliver"),
    path("e-delivery/<str:number>/", views.e_delivery, name="e_delivery"),
    path("e-delivery/<str:number>/proof/", views.e_delivery_proof, name="e_delivery_proof"),
    path("<str:number>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("<str:number>/revoke/", views.revoke, name="certificate_revoke"),
]
