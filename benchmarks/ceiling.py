"""The ceiling the hot-path benchmarks report beside every figure (issue 17).

``benchmarks.ceiling_settings`` serves the whole application plus one bare operation,
``GET /api/bench/ceiling``: Django + Django Ninja, the same bearer-token authentication
(TokenAuth, read scope, the same token cache) and one indexed SELECT, with the same lean
middleware list as every token request to /api/. What the platform's own operations add
on top of it is what the benchmarks show.
"""

from django.db import connection
from ninja import Router

from onewindow.core.api_support import AUTH_READ, OneWindowAPI, install_error_handlers

router = Router()


@router.get("/ceiling", auth=AUTH_READ)
def ceiling(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM accounts_user WHERE id = %s", [request.user.pk])
        row = cursor.fetchone()
    return {"id": row[0]}


api = OneWindowAPI(title="bench", version="bench", urls_namespace="bench", docs_url=None)
install_error_handlers(api)
api.add_router("/", router)


# -- the page ceiling (issue 14's page benchmark) ---------------------------------------------
# Two bare pages with the same session authentication as every staff page: `page_ceiling`
# answers after login_required and one indexed SELECT (the middleware list, the session and
# the user's load are all it costs); `frame_ceiling` also renders the site's frame
# (base.html: the navigation of the user's roles, the header, the footer) around nothing.


def _page_ceiling(request):
    from django.http import HttpResponse

    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM accounts_user WHERE id = %s", [request.user.pk])
        row = cursor.fetchone()
    return HttpResponse(f"<p>{row[0]}</p>")


def _frame_ceiling(request):
    from django.http import HttpResponse
    from django.template import engines

    template = engines["django"].from_string(
        '{% extends "base.html" %}{% block content %}<p>ceiling</p>{% endblock %}'
    )
    return HttpResponse(template.render({}, request))


def page_views():
    from django.contrib.auth.decorators import login_required
    from django.views.decorators.http import require_GET

    return require_GET(login_required(_page_ceiling)), require_GET(login_required(_frame_ceiling))
