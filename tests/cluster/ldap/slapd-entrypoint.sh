#!/bin/sh
# slapd in the foreground; the entries of /seed/entries.ldif are added as soon as it answers.
set -eu
mkdir -p /var/lib/ldap-test
(
    until ldapsearch -x -H ldap://127.0.0.1:1389/ -b "" -s base >/dev/null 2>&1; do sleep 0.2; done
    ldapadd -x -H ldap://127.0.0.1:1389/ -D cn=admin,dc=example,dc=org -w admin-only-local \
        -f /seed/entries.ldif
) &
exec slapd -h ldap://:1389/ -f /etc/ldap/slapd-test.conf -d 0
