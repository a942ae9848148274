"""Excel export and import of the catalogue, under /services/excel/."""

from django.urls import path

from . import views_excel

urlpatterns = [
    path("export.xlsx", views_excel.export_all, name="excel_export"),
    path("export/<slug:list_code>.xlsx", views_excel.export_list, name="excel_export_list"),
    path("template.xlsx", views_excel.template, name="excel_template"),
    path("import/", views_excel.import_upload, name="excel_import"),
    path("import/<uuid:job_id>/", views_excel.import_job, name="excel_import_job"),
]
