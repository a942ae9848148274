from django.urls import path

from benchmarks.ceiling import api, page_views
from onewindow.urls import urlpatterns as onewindow_patterns

page_ceiling, frame_ceiling = page_views()

urlpatterns = [
    path("api/bench/", api.urls),
    path("bench/page-ceiling/", page_ceiling),
    path("bench/frame-ceiling/", frame_ceiling),
    *onewindow_patterns,
]
