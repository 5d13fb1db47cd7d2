#!/usr/bin/env bash
# The stand-in's /entrypoint: the official image's steps in the official order, written here
# from the facts in tests/image/official_images.yaml (entrypoint_order), not copied:
#  1. which Airflow command will run: the first argument, the second after `airflow`, or the
#     subcommand inside `bash -c "[exec ]airflow <scheduler|dag-processor|triggerer|api-server>"`;
#  2. the uid/gid rule: gid 0, or uid 50000, else exit 1;
#  3. a passwd entry for an arbitrary uid (when /etc/passwd is writable), HOME set to it;
#  4. the database wait (`airflow db check`, CONNECTION_CHECK_MAX_COUNT tries, default 20, 0 off,
#     CONNECTION_CHECK_SLEEP_TIME apart) for scheduler, dag-processor, triggerer and api-server only;
#  5. _AIRFLOW_DB_MIGRATE, _AIRFLOW_WWW_USER_CREATE (FAB auth manager only), and
#     _PIP_ADDITIONAL_REQUIREMENTS, all before the hand-over;
#  6. the hand-over: `bash ...` and `python ...` as given; a leading `airflow` dropped;
#  7. the broker wait for scheduler and celery commands with the CeleryExecutor;
#  8. `exec airflow "$@"`.
set -euo pipefail

command_of() {
    local first="${1:-}"
    if [[ "${first}" == "airflow" ]]; then
        echo "${2:-}"
    elif [[ "${first}" =~ ^(bash|sh)$ && "${2:-}" == "-c" ]]; then
        if [[ "${3:-}" =~ ^(exec\ )?airflow\ (scheduler|dag-processor|triggerer|api-server) ]]; then
            echo "${BASH_REMATCH[2]}"
        else
            echo "${first}"
        fi
    else
        echo "${first}"
    fi
}
RUNS="$(command_of "$@")"

libstdcxx="/usr/lib/$(uname -m)-linux-gnu/libstdc++.so.6"
if [[ -e "${libstdcxx}" ]]; then
    export LD_PRELOAD="${libstdcxx}"
fi
unset PIP_USER

if [[ "$(id -g)" != "0" && "$(id -u)" != "50000" ]]; then
    echo "The container must run with group 0 (root group) or as uid 50000, not $(id -u):$(id -g)" >&2
    exit 1
fi
umask 0002

readonly CONNECTION_CHECK_MAX_COUNT=${CONNECTION_CHECK_MAX_COUNT:=20}
readonly CONNECTION_CHECK_SLEEP_TIME=${CONNECTION_CHECK_SLEEP_TIME:=3}

if ! whoami >/dev/null 2>&1 && [[ -w /etc/passwd ]]; then
    echo "${USER_NAME:-default}:x:$(id -u):0:${USER_NAME:-default} user:${AIRFLOW_USER_HOME_DIR}:/sbin/nologin" \
        >>/etc/passwd
fi
export HOME="${AIRFLOW_USER_HOME_DIR}"

wait_for() {
    local what="$1" tries="$2"
    shift 2
    for ((i = 1; i <= tries; i++)); do
        if "$@" >/dev/null 2>&1; then
            return 0
        fi
        if ((i == tries)); then
            echo "${what} not reachable after ${tries} tries" >&2
            exit 1
        fi
        sleep "${CONNECTION_CHECK_SLEEP_TIME}"
    done
}

if ((CONNECTION_CHECK_MAX_COUNT > 0)) && [[ "${RUNS}" =~ ^(scheduler|dag-processor|triggerer|api-server)$ ]]; then
    wait_for "The metadata database" "${CONNECTION_CHECK_MAX_COUNT}" airflow db check
fi

if [[ -n "${_AIRFLOW_DB_MIGRATE:-}" || -n "${_AIRFLOW_DB_UPGRADE:-}" ]]; then
    airflow db migrate || true
fi
if [[ -n "${_AIRFLOW_WWW_USER_CREATE:-}" ]]; then
    password="${_AIRFLOW_WWW_USER_PASSWORD:-}"
    if [[ -n "${_AIRFLOW_WWW_USER_PASSWORD_CMD:-}" ]]; then
        password="$(eval "${_AIRFLOW_WWW_USER_PASSWORD_CMD}")"
    fi
    if [[ -z "${password}" ]]; then
        echo "_AIRFLOW_WWW_USER_CREATE needs _AIRFLOW_WWW_USER_PASSWORD(_CMD)" >&2
        exit 1
    fi
    if [[ "$(airflow config get-value core auth_manager)" == *FabAuthManager ]]; then
        airflow users create --username "${_AIRFLOW_WWW_USER_USERNAME:-admin}" \
            --firstname "${_AIRFLOW_WWW_USER_FIRSTNAME:-Airflow}" \
            --lastname "${_AIRFLOW_WWW_USER_LASTNAME:-Admin}" \
            --email "${_AIRFLOW_WWW_USER_EMAIL:-airflowadmin@example.com}" \
            --role "${_AIRFLOW_WWW_USER_ROLE:-Admin}" --password="${password}" || true
    else
        echo "Not creating a user: the auth manager is not FAB's"
    fi
fi
if [[ -n "${_PIP_ADDITIONAL_REQUIREMENTS:-}" ]]; then
    echo "_PIP_ADDITIONAL_REQUIREMENTS is for development only: build your own image" >&2
    # shellcheck disable=SC2086  # a space-separated list of requirements, as documented
    pip install --root-user-action ignore ${_PIP_ADDITIONAL_REQUIREMENTS}
fi

case "${1:-}" in
    bash) shift; exec /bin/bash "$@" ;;
    python) shift; exec python "$@" ;;
    airflow) shift ;;
esac

if ((CONNECTION_CHECK_MAX_COUNT > 0)) && [[ "${1:-}" =~ ^(scheduler|celery)$ ]]; then
    if [[ "$(airflow config get-value core executor)" == *CeleryExecutor* ]]; then
        broker="$(airflow config get-value celery broker_url)"
        scheme="${broker%%://*}"
        hostport="${broker#*://}"
        hostport="${hostport##*@}"
        hostport="${hostport%%/*}"
        host="${hostport%%:*}"
        port="${hostport##*:}"
        if [[ "${port}" == "${host}" ]]; then
            case "${scheme}" in
                redis*) port=6379 ;;
                postgres*) port=5432 ;;
                *) port=5672 ;;
            esac
        fi
        wait_for "The broker" "${CONNECTION_CHECK_MAX_COUNT}" nc -zv -w 1 "${host}" "${port}"
    fi
fi

if [[ $# -eq 0 && "${_AIRFLOW_DB_MIGRATE:-}" == "true" ]]; then
    echo "Database migrated; no command given"
    exit 0
fi
exec airflow "$@"
