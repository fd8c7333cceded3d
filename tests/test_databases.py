"""The database settings: direct connections, a pooler in transaction mode, a replica."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from annotate import databases

PRIMARY_URL = "postgres://annotate:secret@pgbouncer:6432/annotate"
REPLICA_URL = "postgres://annotate:secret@pgbouncer:6432/annotate_replica"


class TestADirectConnection:
    def test_connections_are_kept_and_checked_and_cursors_are_server_side(self):
        config = databases.database("postgres://annotate@db:5432/annotate")
        assert config["CONN_MAX_AGE"] == databases.PERSISTENT_CONN_MAX_AGE
        assert config["CONN_HEALTH_CHECKS"] is True
        assert config["DISABLE_SERVER_SIDE_CURSORS"] is False

    def test_a_session_pooler_is_a_direct_connection_to_django(self):
        config = databases.database(PRIMARY_URL, pool_mode="session")
        assert config["CONN_MAX_AGE"] == databases.PERSISTENT_CONN_MAX_AGE
        assert config["DISABLE_SERVER_SIDE_CURSORS"] is False


class TestBehindATransactionPooler:
    def test_nothing_outlives_a_transaction(self):
        config = databases.database(PRIMARY_URL, pool_mode="transaction")
        assert config["CONN_MAX_AGE"] == 0, "the pooler keeps the connections"
        assert config["DISABLE_SERVER_SIDE_CURSORS"] is True
        assert config["CONN_HEALTH_CHECKS"] is True
        assert (config["HOST"], config["PORT"], config["NAME"]) == ("pgbouncer", 6432, "annotate")

    def test_an_explicit_connection_age_still_wins(self):
        config = databases.database(PRIMARY_URL, pool_mode="transaction", conn_max_age=60)
        assert config["CONN_MAX_AGE"] == 60
        assert config["DISABLE_SERVER_SIDE_CURSORS"] is True

    def test_sqlite_behind_a_pooler_is_refused(self):
        with pytest.raises(ImproperlyConfigured, match="DATABASE_POOL_MODE is for PostgreSQL"):
            databases.database("sqlite:///db.sqlite3", pool_mode="transaction")

    @pytest.mark.parametrize("value", ["statement", "pgbouncer", "yes"])
    def test_an_unknown_pool_mode_is_a_clear_error(self, value):
        with pytest.raises(ImproperlyConfigured, match="must be one of session, transaction"):
            databases.pool_mode_checked(value)

    def test_the_pool_mode_is_read_as_pgbouncer_writes_it(self):
        assert databases.pool_mode_checked(" Transaction ") == "transaction"
        assert databases.pool_mode_checked("") == ""


class TestTheReplica:
    def test_it_is_given_up_on_quickly_and_mirrors_the_primary_in_tests(self):
        primary = databases.database(PRIMARY_URL, pool_mode="transaction")
        replica = databases.replica(REPLICA_URL, primary, pool_mode="transaction")
        assert replica["NAME"] == "annotate_replica"
        assert replica["OPTIONS"]["connect_timeout"] == databases.REPLICA_CONNECT_TIMEOUT
        assert replica["TEST"] == {"MIRROR": "default"}
        assert replica["DISABLE_SERVER_SIDE_CURSORS"] is True
        assert replica["CONN_MAX_AGE"] == 0

    def test_a_timeout_in_the_url_wins(self):
        primary = databases.database(PRIMARY_URL)
        replica = databases.replica(f"{REPLICA_URL}?connect_timeout=10", primary)
        assert replica["OPTIONS"]["connect_timeout"] == 10

    def test_it_needs_postgresql_on_both_sides(self):
        with pytest.raises(ImproperlyConfigured, match="both must be postgres"):
            databases.replica(REPLICA_URL, databases.database("sqlite:///db.sqlite3"))
