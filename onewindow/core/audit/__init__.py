"""The audit log (审计日志): append-only, HMAC-SM3 chained, verified by ``verify_audit``.

Every service records its change with :func:`record` in the same transaction::

    from onewindow.core.audit import record
    record("case.accept", actor=user, obj=case, before={...}, after={...}, request=request)

This module imports nothing at load time, so any app may import it from anywhere.
"""


def record(
    action: str,
    *,
    actor=None,
    obj=None,
    result: str = "success",
    before=None,
    after=None,
    request=None,
    object_type: str | None = None,
    object_id: str | None = None,
    summary: str = "",
):
    """Append one audit event in the caller's transaction; see services.record."""
    from .services import record as _record

    return _record(
        action,
        actor=actor,
        obj=obj,
        result=result,
        before=before,
        after=after,
        request=request,
        object_type=object_type,
        object_id=object_id,
        summary=summary,
    )


def deferred():
    """Record inside the block, append to the chain at its end (see services.deferred)."""
    from .services import deferred as _deferred

    return _deferred()


__all__ = ["deferred", "record"]
