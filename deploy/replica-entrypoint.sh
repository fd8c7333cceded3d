#!/bin/sh
# A streaming replica of the primary (docker-compose.yml, profile "scale"). On the first
# start it copies the primary with pg_basebackup, which also writes standby.signal and
# the connection to the primary; then it runs as a hot standby, read-only.
set -eu

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    until pg_basebackup --host="$PRIMARY_HOST" --pgdata="$PGDATA" --wal-method=stream \
        --write-recovery-conf --checkpoint=fast --no-password; do
        echo "Waiting for the primary at $PRIMARY_HOST to accept replication..."
        rm -rf "${PGDATA:?}"/*
        sleep 2
    done
    chmod 0700 "$PGDATA"
fi

exec docker-entrypoint.sh "$@"
