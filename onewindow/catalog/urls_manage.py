"""Management of the catalogue under /services/manage/ (names prefixed "manage_")."""

from django.urls import path

from . import views_manage as v

urlpatterns = [
    path("", v.items, name="manage_items"),
    path("review/", v.review, name="manage_review"),
    path("items/new/", v.item_create, name="manage_item_create"),
    path("items/<str:code>/", v.item_detail, name="manage_item"),
    path("items/<str:code>/history/", v.item_history, name="manage_item_history"),
    path("items/<str:code>/revise/", v.item_revise, name="manage_item_revise"),
    path("items/<str:code>/withdraw/", v.item_withdraw, name="manage_item_withdraw"),
    path("items/<str:code>/lists/add/", v.list_add, name="manage_list_add"),
    path("lists/<int:pk>/remove/", v.list_remove, name="manage_list_remove"),
    path("versions/<int:pk>/", v.version_detail, name="manage_version"),
    path("versions/<int:pk>/edit/", v.version_edit, name="manage_version_edit"),
    path("versions/<int:pk>/submit/", v.version_submit, name="manage_version_submit"),
    path("versions/<int:pk>/publish/", v.version_publish, name="manage_version_publish"),
    path("versions/<int:pk>/reject/", v.version_reject, name="manage_version_reject"),
    path("bundles/", v.bundles, name="manage_bundles"),
    path("bundles/new/", v.bundle_create, name="manage_bundle_create"),
    path("bundles/<str:code>/edit/", v.bundle_edit, name="manage_bundle_edit"),
    path("industries/", v.industries, name="manage_industries"),
    path("industries/new/", v.industry_create, name="manage_industry_create"),
    path("industries/<str:code>/edit/", v.industry_edit, name="manage_industry_edit"),
]
