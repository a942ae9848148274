from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("network/", views.network, name="network"),
    path("network/<slug:kind>/", views.site_list, name="site_list"),
    path("sites/<int:pk>/", views.site_detail, name="site_detail"),
    path("staff/", views.staff_list, name="staff_directory"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
]
