#!/usr/bin/env bash
# What the official rabbitmq image's docker-entrypoint.sh does for a non-root start. The server
# itself applies RABBITMQ_DEFAULT_USER/_PASS/_VHOST on a blank node and creates the Erlang cookie,
# so nothing else is needed here.
set -euo pipefail

# A dotted hostname needs long node names, otherwise the CLI tools cannot reach the node
# (the official entrypoint compares `hostname` with `hostname -s`; this reads the same value).
host="$(< /proc/sys/kernel/hostname)"
if [[ -z "${RABBITMQ_USE_LONGNAME:-}" && "$host" != "${host%%.*}" ]]; then
    export RABBITMQ_USE_LONGNAME=true
fi

exec "$@"
