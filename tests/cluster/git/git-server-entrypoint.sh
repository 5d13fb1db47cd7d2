#!/bin/bash
# Make the htpasswd from the mounted credentials, the repository /srv/git/dags.git (empty, branch
# main) when it is not there yet, then serve HTTPS and SSH; the first of them to end ends the
# container.
set -euo pipefail
umask 077
{
    printf '%s:' "$(cat /etc/git-server/http/username)"
    openssl passwd -6 -stdin </etc/git-server/http/password
} >/tmp/htpasswd
umask 022
if [[ ! -e /srv/git/dags.git/HEAD ]]; then
    git init -q --bare -b main /srv/git/dags.git
fi
lighttpd -D -f /etc/git-server/lighttpd.conf &
/usr/sbin/sshd -D -e -f /etc/git-server/sshd_config &
wait -n
