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
