"""Hand-written INSERTs for the hot writes (issue 17, decision 0045).

Django's ``Model.save()`` and ``bulk_create()`` compile every INSERT anew: for the few rows
an application writes (the case, its materials, its timeline event, its audit records)
the compilation cost more CPU than PostgreSQL spent on the statements. :func:`insert`
writes unsaved instances of one model with one ``INSERT … VALUES (…), (…) RETURNING id``
whose text is built once per (model, row count, database) and then reused.

The values are exactly the ORM's: each field's ``pre_save`` (``auto_now_add``, the sealed
twin of a :class:`~onewindow.core.pii.freetext.PersonalTextField`) and
``get_db_prep_save`` (JSON, datetimes, foreign keys) in the model's field order, through
Django's own cursor (``%s`` placeholders, the same adapters and query logging). Plain
SQL that SQLite (3.35+) and PostgreSQL both run. Like ``bulk_create``, no ``pre_save`` or
``post_save`` signal is sent: use it only for models that have no receivers.
"""

from __future__ import annotations

from functools import cache

from django.db import DEFAULT_DB_ALIAS, connection, connections


@cache
def fields(model) -> tuple:
    """The concrete columns an INSERT writes, in the model's order (not an auto id)."""
    auto = model._meta.auto_field
    return tuple(f for f in model._meta.local_concrete_fields if f is not auto)


def columns(model) -> str:
    quote = connection.ops.quote_name
    return ", ".join(quote(f.column) for f in fields(model))


def values(obj) -> list:
    """The row's values as the ORM would send them (``pre_save`` then ``get_db_prep_save``)."""
    # The connection itself, not the proxy: the fields ask it for its ops and features.
    db = connections[DEFAULT_DB_ALIAS]
    return [field.get_db_prep_save(field.pre_save(obj, True), db) for field in fields(type(obj))]


def placeholders(model) -> str:
    return "(" + ", ".join(["%s"] * len(fields(model))) + ")"


@cache
def _sql(model, rows: int, returning: tuple, vendor: str) -> str:
    quote = connection.ops.quote_name
    back = ", ".join(quote(name) for name in returning)
    row = placeholders(model)
    # Names from the model, quoted; values always bound (hence the noqa: S608).
    return (
        f"INSERT INTO {quote(model._meta.db_table)} ({columns(model)}) VALUES "  # noqa: S608
        f"{', '.join([row] * rows)} RETURNING {back}"
    )


def saved(obj, pk) -> None:
    """Mark ``obj`` as the stored row ``pk`` (as ``save()`` would)."""
    obj.pk = pk
    obj._state.adding = False
    obj._state.db = connection.alias


def insert(objs: list) -> list:
    """Write unsaved instances of one model in one statement; sets and returns their ids."""
    if not objs:
        return objs
    model = type(objs[0])
    params = []
    for obj in objs:
        params.extend(values(obj))
    sql = _sql(model, len(objs), (model._meta.pk.column,), connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids = [row[0] for row in cursor.fetchall()]
    # Both databases return the rows of a multi-row VALUES in its order (bulk_create relies
    # on the same), so the ids are the instances' in order.
    for obj, pk in zip(objs, ids, strict=True):
        saved(obj, pk)
    return objs
