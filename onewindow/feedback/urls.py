"""好差评 and work-order pages: rating by QR code, the window screen, orders, the public page."""

from django.urls import include, path

app_name = "feedback"

urlpatterns = [
    path("orders/", include("onewindow.feedback.urls_orders")),
    path("public/", include("onewindow.feedback.urls_public")),
    path("", include("onewindow.feedback.urls_ratings")),
]
