"""The public catalogue under /services/ (no login): browse, search and the guides."""

from django.urls import path

from . import views_public as v

urlpatterns = [
    path("", v.browse, name="browse"),
    path("search/", v.search, name="search"),
    path("lists/<str:list_code>/", v.list_detail, name="list"),
    path("departments/<str:code>/", v.department, name="department"),
    path("events/<str:life_event>/", v.life_event, name="life_event"),
    path("items/<str:code>/", v.item_guide, name="item_guide"),
    path("bundles/<str:code>/", v.bundle_guide, name="bundle_guide"),
    path("industries/", v.industry_list, name="industry_list"),
    path("industries/<str:code>/", v.industry, name="industry"),
]
