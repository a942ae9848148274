"""Case pages: the applicant's, the window's, the departments', certificates, statistics."""

from django.urls import include, path

app_name = "cases"

urlpatterns = [
    path("window/", include("onewindow.cases.urls_window")),
    path("department/", include("onewindow.cases.urls_department")),
    path("certificates/", include("onewindow.cases.urls_certificates")),
    path("statistics/", include("onewindow.cases.urls_statistics")),
    path("instant/", include("onewindow.cases.urls_instant")),
    # Last: the applicant's pages end with a catch-all case number.
    path("", include("onewindow.cases.urls_applicant")),
]
