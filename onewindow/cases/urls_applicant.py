from django.urls import path

from . import views_applicant as views

urlpatterns = [
    path("start/<str:item_code>/", views.start, name="start"),
    path("<str:number>/", views.case_detail, name="detail"),
]
