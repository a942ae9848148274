from django.urls import path

from . import views

urlpatterns = [
    path("apply/<str:item_code>/", views.apply, name="apply"),
    path("apply-bundle/<str:code>/", views.apply_bundle, name="apply_bundle"),
    path("start/<str:item_code>/", views.start, name="start"),
    path("mine/", views.my_cases, name="my_cases"),
    path("drafts/", views.my_drafts, name="my_drafts"),
    path("drafts/<int:draft_id>/delete/", views.delete_draft, name="delete_draft"),
    path("track/", views.track, name="track"),
    path("documents/<str:token>/", views.document, name="document"),
    path("<str:number>/supplement/", views.supplement, name="supplement"),
    path("<str:number>/", views.case_detail, name="detail"),
]
