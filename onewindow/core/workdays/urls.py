from django.urls import path

from . import views

app_name = "workdays"

urlpatterns = [
    path("", views.year_view, name="calendar"),
    path("<int:year>/", views.year_view, name="year"),
    path("<int:year>/verify/", views.verify_year_view, name="verify_year"),
    path("day/", views.set_day_view, name="set_day"),
]
