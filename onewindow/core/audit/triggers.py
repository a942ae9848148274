"""Database triggers that make the audit table append-only (SQLite and PostgreSQL).

The event table refuses UPDATE, DELETE and TRUNCATE; the chain head refuses DELETE,
TRUNCATE, and any UPDATE that does not move it forward (a batch moves it several events
at once: its count and last id only grow). Whoever can drop these can also write
around them: that is what the HMAC chain and ``verify_audit`` are for.
"""

EVENT_TABLE = "audit_auditevent"
HEAD_TABLE = "audit_auditchainhead"
MESSAGE = "审计日志只能追加"
HEAD_MESSAGE = "审计链头只能向前移动"

_HEAD_BACKWARDS = 'NEW."count" <= OLD."count" OR NEW.last_id <= OLD.last_id OR NEW.id <> OLD.id'

_SQLITE_TRIGGERS = {
    "audit_event_no_update": f"BEFORE UPDATE ON {EVENT_TABLE} BEGIN "
    f"SELECT RAISE(ABORT, '{MESSAGE}'); END",
    "audit_event_no_delete": f"BEFORE DELETE ON {EVENT_TABLE} BEGIN "
    f"SELECT RAISE(ABORT, '{MESSAGE}'); END",
    "audit_head_no_delete": f"BEFORE DELETE ON {HEAD_TABLE} BEGIN "
    f"SELECT RAISE(ABORT, '{HEAD_MESSAGE}'); END",
    "audit_head_forward_only": f"BEFORE UPDATE ON {HEAD_TABLE} WHEN {_HEAD_BACKWARDS} BEGIN "
    f"SELECT RAISE(ABORT, '{HEAD_MESSAGE}'); END",
}

# restrict_violation (23001) is an integrity error, as SQLite's RAISE(ABORT) is, so both
# databases surface a refused change as django.db.IntegrityError.
_PG_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE OR REPLACE FUNCTION audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' OR {_HEAD_BACKWARDS} THEN
        RAISE EXCEPTION '{HEAD_MESSAGE}' USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END;
$$;
"""

_PG_TRIGGERS = {
    "audit_event_no_change": (
        EVENT_TABLE,
        "BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION audit_append_only()",
    ),
    "audit_event_no_truncate": (
        EVENT_TABLE,
        "BEFORE TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()",
    ),
    "audit_head_guard": (
        HEAD_TABLE,
        "BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW "
        "EXECUTE FUNCTION audit_head_forward_only()",
    ),
    "audit_head_no_truncate": (
        HEAD_TABLE,
        "BEFORE TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()",
    ),
}


def _unsupported(connection):
    return NotImplementedError(f"审计日志的只追加触发器不支持 {connection.vendor} 数据库")


def install_triggers(connection) -> None:
    """Create (or re-create) the triggers; safe to run again."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name, body in _SQLITE_TRIGGERS.items():
                cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
        elif connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTIONS)
            for name, (table, body) in _PG_TRIGGERS.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                cursor.execute(f"CREATE TRIGGER {name} {body.format(table=table)}")
        else:
            raise _unsupported(connection)


def drop_triggers(connection) -> None:
    """Remove the triggers (tests that tamper on purpose, and flush); safe to run again."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in _SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        elif connection.vendor == "postgresql":
            for name, (table, _body) in _PG_TRIGGERS.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            cursor.execute("DROP FUNCTION IF EXISTS audit_append_only()")
            cursor.execute("DROP FUNCTION IF EXISTS audit_head_forward_only()")
        else:
            raise _unsupported(connection)


def installed_triggers(connection) -> set[str]:
    """The names of this module's triggers that exist in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            names = set(_SQLITE_TRIGGERS)
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            names = set(_PG_TRIGGERS)
        else:
            return set()
        return {row[0] for row in cursor.fetchall()} & names


def expected_triggers(connection) -> set[str]:
    return set(_SQLITE_TRIGGERS if connection.vendor == "sqlite" else _PG_TRIGGERS)


def triggers_complete(connection) -> bool:
    return installed_triggers(connection) == expected_triggers(connection)
