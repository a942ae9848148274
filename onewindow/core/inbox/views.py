"""站内信 pages: the list (all or unread, paginated), one message (opening it marks it
read), and 全部已读. Every user reaches their own inbox from the navigation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import services
from .links import link_for

PER_PAGE = 20


@login_required
@require_GET
def inbox(request):
    unread_only = request.GET.get("show") == "unread"
    page = Paginator(services.messages_of(request.user, unread_only=unread_only), PER_PAGE)
    page = page.get_page(request.GET.get("page"))
    return render(
        request,
        "inbox/list.html",
        {"page": page, "unread_only": unread_only},
    )


@login_required
@require_http_methods(["GET", "POST"])
def message(request, pk: int):
    found = services.read(request.user, pk)
    return render(
        request, "inbox/message.html", {"message": found, "link": link_for(request.user, found)}
    )


@login_required
@require_POST
def read_all(request):
    count = services.mark_all_read(request.user)
    messages.success(request, _("已将 %(n)s 条消息标为已读") % {"n": count})
    return redirect("inbox:list")
