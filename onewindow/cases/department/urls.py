"""The departments' pages (审查工作台) and the overdue and warning lists (超期预警)."""

from django.urls import path

from ..clocks import views as views_extension
from . import views

urlpatterns = [
    path("", views.worklist, name="department_worklist"),
    path("tasks/<int:pk>/", views.task_page, name="department_task"),
    path("overdue/", views.overdue, name="overdue"),
    # 行政许可法 Art. 42: the leader extends the statutory limit (views_extension.py).
    path("extend/<str:number>/", views_extension.extend_page, name="extend"),
]
