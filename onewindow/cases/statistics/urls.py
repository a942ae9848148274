from django.urls import path

from . import views

urlpatterns = [
    path("", views.statistics_page, name="statistics"),
    path("export/", views.statistics_export, name="statistics_export"),
    path("startup/", views.startup_page, name="startup"),
]
