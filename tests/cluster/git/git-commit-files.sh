#!/bin/bash
# git-commit-files MESSAGE [PATH...] < files.tar.b64: one commit on main of /srv/git/dags.git that
# adds the files of the tar (base64, so any exec's standard input carries it; replacing files of
# the same name) and deletes the PATHs. Prints the new commit.
set -euo pipefail
work=$(mktemp -d /tmp/commit.XXXXXX)
trap 'rm -rf "$work"' EXIT
git clone -q /srv/git/dags.git "$work" 2>/dev/null
base64 -d | tar -x -C "$work"
for path in "${@:2}"; do git -C "$work" rm -q -r -- "$path"; done
git -C "$work" add -A
git -C "$work" -c user.name=kube-airflow-test -c user.email=test@example.org commit -q -m "$1"
git -C "$work" push -q origin HEAD:main
git -C "$work" rev-parse HEAD
