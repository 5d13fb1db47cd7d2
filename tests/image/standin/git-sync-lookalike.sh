#!/bin/bash
# A look-alike of git-sync v4.4.0 (k8s.io/git-sync), used as /git-sync in its stand-in image only
# where the Go module cannot be built (see git-sync.Containerfile). It follows the real program's
# steps, as its v4.4.0 source describes them, for the settings our manifests use; any other
# GITSYNC_* setting stops it with an error instead of being ignored:
#   - a private global git config in $TMPDIR (GIT_CONFIG_GLOBAL, GIT_CONFIG_NOSYSTEM), with
#     credential.helper "cache --timeout 3600", core.askPass true and safe.directory '*';
#   - HTTP credentials handed to `git credential approve` on its standard input, so the password
#     is in no process's arguments; SSH through GIT_SSH_COMMAND with the key file(s) and
#     StrictHostKeyChecking=yes against the known_hosts file;
#   - the root made a repository (`git init -b git-sync`; an unusable one is wiped first), origin
#     set to the repo; each sync fetches the ref at the depth, resolves FETCH_HEAD^{}, and for a new
#     commit makes the worktree <root>/.worktrees/<hash>, checks it out and points the link at it
#     by a relative symlink renamed into place (atomic); old worktrees are removed afterwards;
#   - GITSYNC_HTTP_BIND: GET / answers 503 until the first successful sync, then 200;
#   - failures counted against GITSYNC_MAX_FAILURES (0: the first one exits 1, -1: never); a
#     success resets the count; GITSYNC_ONE_TIME exits 0 after the first successful sync.
set -uo pipefail

# The HTTP endpoint: socat runs this for each connection (`$0 serve-http READY_FILE`).
if [[ ${1:-} == serve-http ]]; then
    read -r -t 5 _method _path version || exit 0
    [[ ${version%$'\r'} == HTTP/1.0 ]] && version=HTTP/1.0 || version=HTTP/1.1
    while read -r -t 5 line && [[ ${line%$'\r'} != "" ]]; do :; done
    if [[ -e $2 ]]; then
        printf '%s 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n' $version
    else
        body='repo is not ready'
        printf '%s 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n' $version
        printf 'Content-Length: %d\r\nConnection: close\r\n\r\n%s\n' $((${#body} + 1)) "$body"
    fi
    exit 0
fi

log() { printf '%(%Y-%m-%dT%H:%M:%S)T git-sync: %s\n' -1 "$*" >&2; }
fail() {
    log "FATAL: $*"
    exit 1
}

known='REPO|REF|ROOT|LINK|DEPTH|PERIOD|ONE_TIME|MAX_FAILURES|HTTP_BIND|USERNAME|PASSWORD|VERBOSE'
known+='|SSH_KEY_FILE|SSH_KNOWN_HOSTS|SSH_KNOWN_HOSTS_FILE'
for name in $(compgen -e); do
    if [[ $name == GITSYNC_* && ! $name =~ ^GITSYNC_($known)$ ]]; then
        fail "$name is not supported by this look-alike of git-sync"
    fi
done
(($# == 0)) || fail "flags are not supported by this look-alike (give GITSYNC_* variables): $*"

repo=${GITSYNC_REPO:-}
ref=${GITSYNC_REF:-HEAD}
root=${GITSYNC_ROOT:-}
depth=${GITSYNC_DEPTH:-1}
max_failures=${GITSYNC_MAX_FAILURES:-0}
username=${GITSYNC_USERNAME:-}
password=${GITSYNC_PASSWORD:-}
[[ -n $root ]] || fail "required flag: --root must be specified"
[[ -n $repo ]] || fail "required flag: --repo must be specified"
[[ $depth =~ ^[0-9]+$ ]] || fail "invalid flag: --depth must be greater than or equal to 0"
[[ $max_failures =~ ^-?[0-9]+$ ]] || fail "invalid flag: --max-failures: $max_failures"
case ${GITSYNC_ONE_TIME:-false} in
true | 1) one_time=1 ;;
false | 0 | "") one_time=0 ;;
*) fail "invalid GITSYNC_ONE_TIME: ${GITSYNC_ONE_TIME}" ;;
esac
period=${GITSYNC_PERIOD:-10s}
case $period in
*ms) period=$(printf '%d.%03d' $((${period%ms} / 1000)) $((${period%ms} % 1000))) ;;
*m) period=$((${period%m} * 60)) ;;
*s) period=${period%s} ;;
*) fail "invalid GITSYNC_PERIOD $period: give a duration such as 10s, 500ms or 1m" ;;
esac
[[ $period =~ ^[0-9]+(\.[0-9]+)?$ ]] || fail "invalid GITSYNC_PERIOD: ${GITSYNC_PERIOD}"
mkdir -p "$root" || fail "can't make the root $root"
root=$(realpath "$root") || fail "can't absolutize --root"
if [[ -z ${GITSYNC_LINK:-} ]]; then
    link=${repo%/}
    link=${link##*/}
else
    link=$GITSYNC_LINK
fi
[[ $link == /* ]] || link=$root/$link

git version >&2 || fail "can't run git"
GIT_CONFIG_GLOBAL=$(mktemp "${TMPDIR:-/tmp}/git-sync.gitconfig.XXXXXXXX") ||
    fail "can't create gitconfig file"
export GIT_CONFIG_GLOBAL GIT_CONFIG_NOSYSTEM=true
git config --global gc.autoDetach false &&
    git config --global gc.pruneExpire now &&
    git config --global credential.helper 'cache --timeout 3600' &&
    git config --global core.askPass true &&
    git config --global safe.directory '*' ||
    fail "can't set default git configs"

ssh_command=${GIT_SSH_COMMAND:-ssh}
IFS=: read -r -a keys <<<"${GITSYNC_SSH_KEY_FILE:-/etc/git-secret/ssh}"
for key in "${keys[@]}"; do ssh_command+=" -i $key"; done
case ${GITSYNC_SSH_KNOWN_HOSTS:-true} in
true | 1)
    known_hosts=${GITSYNC_SSH_KNOWN_HOSTS_FILE:-/etc/git-secret/known_hosts}
    ssh_command+=" -o StrictHostKeyChecking=yes -o UserKnownHostsFile=$known_hosts"
    ;;
*) ssh_command+=" -o StrictHostKeyChecking=no" ;;
esac
export GIT_SSH_COMMAND=$ssh_command

ready=$(mktemp -u "${TMPDIR:-/tmp}/git-sync.ready.XXXXXXXX")
server= sleeper=
trap 'kill $server $sleeper 2>/dev/null; exit 143' TERM INT
if [[ -n ${GITSYNC_HTTP_BIND:-} ]]; then
    port=${GITSYNC_HTTP_BIND##*:}
    # The environment of the handler holds no credential.
    env -u GITSYNC_PASSWORD -u GITSYNC_USERNAME \
        socat "TCP-LISTEN:$port,reuseaddr,fork" "EXEC:$0 serve-http $ready" &
    server=$!
    sleep 0.2
    kill -0 $server 2>/dev/null || fail "can't bind HTTP endpoint $GITSYNC_HTTP_BIND"
    log "serving HTTP on $GITSYNC_HTTP_BIND"
fi

in_root() { git -C "$root" "$@"; }

usable_root() {
    [[ -n $(ls -A "$root") ]] &&
        [[ $(in_root rev-parse --show-toplevel 2>/dev/null) == "$root" ]] &&
        in_root fsck --no-progress --connectivity-only >/dev/null 2>&1 &&
        [[ ! -e $root/.git/shallow.lock ]]
}

init_root() {
    if ! usable_root; then
        log "initializing repo directory $root"
        find "$root" -mindepth 1 -maxdepth 1 -exec rm -rf {} + || return 1
        in_root init -q -b git-sync || return 1
    fi
    local origin
    if origin=$(in_root remote get-url origin 2>/dev/null); then
        [[ $origin == "$repo" ]] || in_root remote set-url origin "$repo"
    else
        in_root remote add origin "$repo"
    fi
}

current_hash() {
    local target
    target=$(readlink "$link" 2>/dev/null) || return 0
    printf '%s' "${target##*/}"
}

publish() { # make <link> point at the worktree of hash $1, atomically
    local dir=${link%/*} target
    mkdir -p "$dir" || return 1
    target=$(realpath --relative-to="$dir" "$root/.worktrees/$1") || return 1
    ln -sfn "$target" "$dir/tmp-link" && mv -fT "$dir/tmp-link" "$link"
}

sync_count=0
sync_repo() {
    if [[ -n $username ]]; then
        printf 'url=%s\nusername=%s\npassword=%s\n' "$repo" "$username" "$password" |
            git credential approve || return 1
    fi
    init_root || return 1
    local current remote worktree args
    current=$(current_hash)
    args=(fetch "$repo" "$ref" --verbose --no-progress --prune --no-auto-gc)
    ((depth > 0)) && args+=(--depth "$depth")
    if ((depth == 0)) && [[ $(in_root rev-parse --is-shallow-repository) == true ]]; then
        args+=(--unshallow)
    fi
    in_root "${args[@]}" || return 1
    remote=$(in_root rev-parse 'FETCH_HEAD^{}') || return 1
    worktree=$root/.worktrees/$remote
    if [[ $current == "$remote" ]] && ! git -C "$worktree" rev-parse --verify -q HEAD >/dev/null; then
        log "worktree failed checks or was empty: $worktree"
        rm -rf "$worktree" && in_root worktree prune || return 1
        current=
    fi
    if [[ $current != "$remote" || $sync_count == 0 ]]; then
        log "update required: ref=$ref local=${current:-none} remote=$remote"
        in_root reset -q --soft "$remote" || return 1
        if [[ $current != "$remote" ]]; then
            rm -rf "$worktree" && in_root worktree prune || return 1
            in_root worktree add -q --force --detach "$worktree" "$remote" --no-checkout || return 1
        fi
        # A relative gitdir, so the volume can be mounted at another path.
        printf 'gitdir: %s\n' "$(realpath --relative-to="$worktree" "$root/.git")/worktrees/$remote" \
            >"$worktree/.git" || return 1
        git -C "$worktree" reset -q --hard "$remote" -- || return 1
        if [[ $current != "$remote" ]]; then
            publish "$remote" || return 1
        fi
        sync_count=$((sync_count + 1))
        log "updated successfully: ref=$ref remote=$remote syncCount=$sync_count"
    fi
    : >"$ready"
    cleanup "$remote"
}

cleanup() { # worktrees other than the current one go at once (stale-worktree-timeout 0)
    local removed=0 dir
    for dir in "$root"/.worktrees/*; do
        [[ -d $dir && ${dir##*/} != "$1" ]] || continue
        rm -rf "$dir" && removed=1
    done
    if ((removed)); then
        in_root worktree prune --verbose >&2
        in_root reflog expire --expire-unreachable=all --all
        in_root gc --auto --quiet
    fi
}

failures=0
while true; do
    if sync_repo; then
        ((one_time)) && {
            log "exiting after one sync"
            exit 0
        }
        failures=0
    else
        failures=$((failures + 1))
        if ((max_failures >= 0 && failures >= max_failures)); then
            log "too many failures, aborting: failCount=$failures"
            exit 1
        fi
        log "error syncing repo, will retry: failCount=$failures"
    fi
    sleep "$period" &
    sleeper=$!
    wait $sleeper
    sleeper=
done
