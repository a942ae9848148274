"""Catalogue pages: the public guide and search, management, Excel."""

from django.urls import include, path

app_name = "catalog"

urlpatterns = [
    path("", include("onewindow.catalog.urls_public")),
    path("manage/", include("onewindow.catalog.urls_manage")),
    path("excel/", include("onewindow.catalog.urls_excel")),
]
