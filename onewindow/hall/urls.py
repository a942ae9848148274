"""Pages of hall supervision, staff, the service network and the queue."""

from django.urls import path

from .network import views as network
from .queue import views as queue
from .staff import views as staff
from .supervision import views as supervision

app_name = "hall"

urlpatterns = [
    path("", supervision.board, name="board"),
    path("patrols/", supervision.patrol_day, name="patrols"),
    path("attendance/", supervision.attendance_page, name="attendance"),
    path("leave/", supervision.leave_page, name="leave"),
    path("windows/<int:pk>/", supervision.window_record, name="window_record"),
    path("notices/", supervision.notice_list, name="notices"),
    path("notices/<int:pk>/", supervision.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/word/", supervision.notice_word, name="notice_word"),
    path("assessments/", supervision.assessment_list, name="assessments"),
    path("assessments/<int:pk>/", supervision.assessment_detail, name="assessment_detail"),
    path("assessments/yearly/", supervision.yearly_review, name="yearly"),
    path("rules/", supervision.rules_page, name="rules"),
    path("staff/", staff.overview, name="staff"),
    path("staff/reviews/", staff.reviews, name="reviews"),
    path("staff/reviews/export/", staff.reviews_export, name="reviews_export"),
    path("staff/reviews/<int:pk>/", staff.review, name="review"),
    path("network/", network.overview, name="network"),
    path("network/desk/", network.site_desk, name="site_desk"),
    path("network/cases/<str:number>/", network.site_case, name="site_case"),
    path("network/pilots/<int:pk>/", network.pilot_detail, name="pilot_detail"),
    path("queue/take/", queue.take, name="queue_take"),
    path("queue/desk/", queue.desk, name="desk"),
    path("queue/display/", queue.display, name="display"),
]
