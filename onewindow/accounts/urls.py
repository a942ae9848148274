from django.urls import path

from . import views, views_admin_changes, views_lockouts

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("register/", views.register_citizen, name="register_citizen"),
    path("register/enterprise/", views.register_enterprise, name="register_enterprise"),
    path("activate/", views.activate, name="activate"),
    path("password/", views.password_change, name="password_change"),
    path("notifications/", views.notification_settings, name="notification_settings"),
    path("otp/", views.otp, name="otp"),
    path("me/", views.me, name="me"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("users/", views.user_list, name="user_list"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/reveal/<str:field>/", views.reveal, name="reveal"),
    path("lockouts/", views_lockouts.lockout_list, name="lockouts"),
    path("admin-changes/", views_admin_changes.admin_change_list, name="admin_changes"),
    path("admin-changes/<int:pk>/", views_admin_changes.admin_change_detail, name="admin_change"),
    path("password/reset/", views.password_reset, name="password_reset"),
    path("password/reset/confirm/", views.password_reset_confirm, name="password_reset_confirm"),
]
