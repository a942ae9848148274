from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("reveal/<str:label>/<int:pk>/<str:field>/", views.reveal_text, name="reveal_text"),
]
