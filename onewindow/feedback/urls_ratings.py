"""Feedback URLs (ratings, 好差评): the QR codes' mobile page, window screens, the staff's list."""

from django.urls import path

from .ratings import views

urlpatterns = [
    path("rate/thanks/", views.rate_thanks, name="rate_thanks"),
    path("rate/<str:token>/", views.rate, name="rate"),
    path("windows/<int:window_id>/screen/", views.window_screen, name="window_screen"),
    path("windows/<int:window_id>/visit/", views.new_visit, name="new_visit"),
    path("ratings/", views.ratings, name="ratings"),
    path("ratings/spot-check/", views.spot_check, name="spot_check"),
    path("ratings/<int:pk>/", views.rating_detail, name="rating_detail"),
    path("cases/<str:number>/rate/", views.rate_case, name="rate_case"),
]
