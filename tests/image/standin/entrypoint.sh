#!/usr/bin/env bash
# What the official image's /entrypoint does for the commands our manifests run:
#  - refuses an arbitrary uid unless its group is 0 (the official image's rule);
#  - waits for the database with `airflow db check` (CONNECTION_CHECK_MAX_COUNT tries,
#    CONNECTION_CHECK_SLEEP_TIME seconds apart; 0 tries disables the wait) before airflow commands;
#  - `bash ...` and `python ...` are executed as given; a leading `airflow` is dropped; anything
#    else runs as `airflow <args>`.
set -euo pipefail

if [[ "$(id -u)" != "50000" && "$(id -g)" != "0" ]]; then
    echo "The container must run as uid 50000 or with group 0 (got $(id -u):$(id -g))" >&2
    exit 1
fi

case "${1:-}" in
    bash) shift; exec /bin/bash "$@" ;;
    python) shift; exec python "$@" ;;
    airflow) shift ;;
esac

tries=${CONNECTION_CHECK_MAX_COUNT:-20}
if [[ "${tries}" -gt 0 && "${1:-}" != "version" ]]; then
    for ((i = 1; i <= tries; i++)); do
        if airflow db check >/dev/null 2>&1; then break; fi
        if [[ "$i" == "$tries" ]]; then echo "Database not reachable after ${tries} tries" >&2; exit 1; fi
        sleep "${CONNECTION_CHECK_SLEEP_TIME:-3}"
    done
fi
exec airflow "$@"
