"""Feedback URLs (orders): the work-order list, an order and its actions, registration,
the public 吐槽找茬 form and the supervisors' appeal queue."""

from django.urls import path

from .orders import views

urlpatterns = [
    path("", views.order_list, name="orders"),
    path("new/", views.order_new, name="order_new"),
    path("appeals/", views.appeals, name="appeals"),
    path("complain/", views.online_complaint, name="online_complaint"),
    path("<str:number>/", views.order_detail, name="order_detail"),
    path("<str:number>/<str:action>/", views.order_action, name="order_action"),
]
