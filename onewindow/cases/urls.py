"""Case pages: the applicant's, the window's, the departments', certificates, statistics."""

from django.urls import include, path

app_name = "cases"

urlpatterns = [
    path("window/", include("onewindow.cases.window.urls")),
    path("department/", include("onewindow.cases.department.urls")),
    path("certificates/", include("onewindow.cases.certificates.urls")),
    path("statistics/", include("onewindow.cases.statistics.urls")),
    path("instant/", include("onewindow.cases.instant.urls")),
    path("search/", include("onewindow.cases.search.urls")),
    # Last: the applicant's pages end with a catch-all case number.
    path("", include("onewindow.cases.intake.urls")),
]
