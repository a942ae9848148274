from django.urls import path

from benchmarks.ceiling import api
from onewindow.urls import urlpatterns as onewindow_patterns

urlpatterns = [path("api/bench/", api.urls), *onewindow_patterns]
