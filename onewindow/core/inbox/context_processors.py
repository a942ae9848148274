"""The unread count beside 站内信 in the navigation bar (one indexed COUNT per page)."""

from . import services


def unread(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_unread": services.unread_count(user)}
