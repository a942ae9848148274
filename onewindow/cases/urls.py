from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("start/<str:item_code>/", views.start, name="start"),
    path("<str:number>/", views.case_detail, name="detail"),
]
