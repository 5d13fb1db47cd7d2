#!/usr/bin/env bash
# What the official postgres image's docker-entrypoint.sh does for a non-root start with `postgres`:
# initialise an empty PGDATA once, then replace this shell with the server (PID 1 gets signals).
set -euo pipefail

if [[ "${1:-}" == -* ]]; then set -- postgres "$@"; fi   # flags alone mean "postgres <flags>"
if [[ "${1:-}" != "postgres" ]]; then exec "$@"; fi

: "${POSTGRES_USER:=postgres}" "${POSTGRES_DB:=$POSTGRES_USER}" "${POSTGRES_PASSWORD:=}"
# PGDATA may sit below the mount point (a lost+found there must not count as "not empty").
mkdir -p "$PGDATA"
chmod 0700 "$PGDATA" || :   # the server refuses a group/world-readable data dir

# The official image's test for "initialised": initdb writes PG_VERSION (and cleans up if it fails).
if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
    if [[ -z "$POSTGRES_PASSWORD" ]]; then
        echo "Error: database is uninitialized and POSTGRES_PASSWORD is not set" >&2
        exit 1
    fi
    # The password travels through a pipe, never a command line, so any character is safe.
    initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD")
    # Same rule as the official image: remote logins use the configured password hashing.
    printf '\nhost all all all %s\n' "$(postgres -C password_encryption)" >> "$PGDATA/pg_hba.conf"

    # A socket-only temporary server creates the database; psql quotes the name (:"db").
    pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p ${PGPORT:-5432}" -w start
    if [[ "$POSTGRES_DB" != "postgres" ]]; then
        PGHOST= PGHOSTADDR= psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" \
            --dbname postgres --set db="$POSTGRES_DB" <<< 'CREATE DATABASE :"db";'
    fi
    pg_ctl -D "$PGDATA" -m fast -w stop
    echo "PostgreSQL init process complete; ready for start up."
else
    echo "PostgreSQL Database directory appears to contain a database; Skipping initialization"
fi

exec "$@"
