from django.urls import path

from . import views

urlpatterns = [
    path("", views.items, name="instant_items"),
    path("<str:item_code>/", views.rules, name="instant_rules"),
]
