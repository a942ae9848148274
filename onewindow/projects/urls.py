from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/mandates/<int:mandate>/revoke/", views.mandate_revoke, name="mandate_revoke"),
    path("<int:pk>/materials/", views.materials, name="materials"),
    path("<int:pk>/materials/<str:token>/", views.material_file, name="material_file"),
    path("materials/", views.agent_materials, name="agent_materials"),
    path("board/", views.board, name="board"),
    path("reviews/", views.worklist, name="worklist"),
    path("notices/", views.notices, name="notices"),
    path("statistics/", views.statistics_page, name="statistics"),
    path("statistics/export/", views.statistics_export, name="statistics_export"),
]
