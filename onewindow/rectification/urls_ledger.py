"""Rectification URLs (ledger)."""

from django.urls import path

from .excel import views as excel_views
from .ledger import accountability, views

urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("inspections/new/", views.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", views.inspection, name="inspection"),
    path("inspections/<int:pk>/problems/new/", views.problem_new, name="problem_new"),
    path("inspections/<int:pk>/lists/<slug:tab>/", views.lists, name="lists"),
    path("inspections/<int:pk>/lists/<slug:tab>/print/", views.lists_print, name="lists_print"),
    path(
        "inspections/<int:pk>/accountability/",
        accountability.register,
        name="accountability_register",
    ),
    path("accountability-types/", accountability.types, name="accountability_types"),
    path("problems/<int:pk>/", views.problem, name="problem"),
    path("problems/<int:pk>/measures/new/", views.measure_new, name="measure_new"),
    path("measures/<int:pk>/", views.measure, name="measure"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    # Excel (engineer X): the 台账 of an inspection, and a ledger workbook imported.
    path("inspections/<int:pk>/ledger.xlsx", excel_views.ledger_export, name="ledger_export"),
    path("import/", excel_views.ledger_import, name="ledger_import"),
]
