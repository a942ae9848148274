"""办件查询 (staff search), its Excel export and the read-only case page."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.search_page, name="search"),
    path("export/", views.search_export, name="search_export"),
    path("cases/<str:number>/", views.case_page, name="search_case"),
]
