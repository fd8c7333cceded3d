"""The database connections: the primary, an optional read replica for exports, and what
a connection pooler in front of PostgreSQL needs.

settings.py reads the environment and calls these; they only build the dictionaries, so
a test can check each combination without starting Django again.
"""

from __future__ import annotations

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PRIMARY = "default"
REPLICA = "replica"
POSTGRESQL = "django.db.backends.postgresql"
# PgBouncer's pool_mode names. "statement" is left out: Django's transactions span
# several statements, and that mode hands each statement to another server connection.
POOL_MODES = ("session", "transaction")
# Seconds a replica may take to accept a connection before an export reads the primary.
REPLICA_CONNECT_TIMEOUT = 3
# Seconds a connection is kept open for the next request when nothing pools them.
PERSISTENT_CONN_MAX_AGE = 600


def pool_mode_checked(value: str) -> str:
    """The pool mode of the pooler DATABASE_URL points at; "" when it is the server."""
    mode = value.strip().lower()
    if mode and mode not in POOL_MODES:
        raise ImproperlyConfigured(
            f"DATABASE_POOL_MODE must be one of {', '.join(POOL_MODES)} (or unset), not {value!r}."
        )
    return mode


def database(
    url: str, *, pool_mode: str = "", conn_max_age: int | None = None, health_checks: bool = True
) -> dict:
    """One connection's settings from its URL.

    Behind a pooler in transaction mode, each transaction may run on another server
    connection, so nothing may outlive a transaction: no server-side cursors (Django
    declares them WITH HOLD, to be read across transactions), and connections are not
    kept by the app, the pooler keeps them. An explicit `conn_max_age` still wins.
    """
    transaction_pooled = pool_mode == "transaction"
    if conn_max_age is None:
        conn_max_age = 0 if transaction_pooled else PERSISTENT_CONN_MAX_AGE
    config = dict(
        dj_database_url.parse(
            url,
            conn_max_age=conn_max_age,
            conn_health_checks=health_checks,
            disable_server_side_cursors=transaction_pooled,
        )
    )
    if pool_mode and config["ENGINE"] != POSTGRESQL:
        raise ImproperlyConfigured(
            "DATABASE_POOL_MODE is for PostgreSQL behind a pooler such as PgBouncer; "
            f"DATABASE_URL names {config['ENGINE']}."
        )
    return config


def replica(url: str, primary: dict, **options) -> dict:
    """The read replica's settings: like the primary's, and given up on quickly.

    In tests it is the primary itself (Django's test mirror), so reads routed to it see
    the test's data.
    """
    config = database(url, **options)
    if config["ENGINE"] != POSTGRESQL or primary["ENGINE"] != POSTGRESQL:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL is a PostgreSQL streaming replica of a PostgreSQL "
            "DATABASE_URL; both must be postgres:// URLs."
        )
    config.setdefault("OPTIONS", {}).setdefault("connect_timeout", REPLICA_CONNECT_TIMEOUT)
    config["TEST"] = {"MIRROR": PRIMARY}
    return config
