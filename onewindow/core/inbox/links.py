"""Where a message points: resolvers by object type, registered by the apps that own them.

``register("cases.case")(fn)`` with ``fn(user, object_id) -> url or None``; the resolver
decides which page the recipient uses (the applicant's case page, the staff's). A message
about an object nobody registered has no link.
"""

from __future__ import annotations

from collections.abc import Callable

_RESOLVERS: dict[str, Callable] = {}


def register(object_type: str):
    def wrap(fn):
        _RESOLVERS[object_type] = fn
        return fn

    return wrap


def link_for(user, message) -> str | None:
    resolver = _RESOLVERS.get(message.object_type)
    if resolver is None or not message.object_id:
        return None
    return resolver(user, message.object_id)
