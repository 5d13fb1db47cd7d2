"""Turn the official Apache Airflow Helm chart's values into ours, and adopt a release's keys.

    kube-airflow from-helm values.yaml                    # the release `airflow` in `airflow`
    kube-airflow from-helm base.yaml prod.yaml --release af --release-namespace data

Writes the converted values (--out, kube-airflow-values.yaml) and a script (--script,
adopt-secrets.sh) that copies what the release keeps, its Fernet, API and JWT keys and its
metadata database's URL, into the Secret `<prefix>-adopted` that the values reference: run it
with kubectl pointed at the cluster, then `kube-airflow synth --values kube-airflow-values.yaml`.
Prints each chart key it could not carry, with the reason. Exit 2, with nothing written, when a
file cannot be read or the converted values are not valid here. docs/from-helm.md has the
procedure.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from kube_airflow.cli.helm_chart import Adopted, Conversion
from kube_airflow.cli.helm_values import convert
from kube_airflow.errors import UserError
from kube_airflow.props.kube import check_dns_label
from kube_airflow.props.model import deep_merge
from kube_airflow.props.values import load_props, read_values


def parser(prog: str) -> argparse.ArgumentParser:
    found = argparse.ArgumentParser(
        prog=prog, description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    found.add_argument("values", nargs="+", metavar="VALUES", help="the chart's values files")
    found.add_argument("--release", default="airflow", help="the Helm release (default airflow)")
    found.add_argument(
        "--release-namespace", default="airflow", help="the release's namespace (default airflow)"
    )
    found.add_argument("--namespace", help="ours (default: the release's)")
    found.add_argument("--prefix", default="airflow", help="our objects' prefix (default airflow)")
    found.add_argument("--out", default="kube-airflow-values.yaml", metavar="FILE")
    found.add_argument("--script", default="adopt-secrets.sh", metavar="FILE")
    return found


def main(argv: Sequence[str], prog: str) -> int:
    args = parser(prog).parse_args(list(argv))
    namespace = args.namespace or args.release_namespace
    try:
        _check_names(args)
        chart: dict[str, Any] = {}
        for name in args.values:
            chart = deep_merge(chart, read_values(name))
        conversion = convert(chart, args.release, args.release_namespace, args.prefix)
        conversion.values = {"namespace": namespace, "prefix": args.prefix, **conversion.values}
        load_props(conversion.values, [("the converted values", conversion.values)])
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    Path(args.out).write_text(_values_file(conversion, args.values, args.script))
    script = Path(args.script)
    script.write_text(adoption_script(conversion, args.release_namespace, namespace, args.prefix))
    script.chmod(0o755)
    print(report(conversion, args.out, args.script))
    return 0


def _check_names(args: argparse.Namespace) -> None:
    """The names go into the script and our objects: DNS labels, as Kubernetes has them."""
    for option in ("release", "release_namespace", "namespace", "prefix"):
        if (value := getattr(args, option)) is not None:
            try:
                check_dns_label(value, f"--{option.replace('_', '-')}")
            except ValueError as error:
                raise UserError(str(error)) from None


def _values_file(conversion: Conversion, sources: list[str], script: str) -> str:
    header = (
        f"# Converted from the official chart's values ({', '.join(sources)}) by "
        f"kube-airflow from-helm.\n# The keys and the database's URL are in a Secret that "
        f"{script} fills from the release: run it first.\n"
    )
    return header + yaml.safe_dump(conversion.values, sort_keys=False)


def report(conversion: Conversion, out: str, script: str) -> str:
    lines = [f"wrote {out} and {script}"]
    lines += [f"note: {note}" for note in conversion.notes]
    if conversion.dropped:
        lines.append(f"not carried ({len(conversion.dropped)}):")
        lines += [f"  {key}: {why}" for key, why in sorted(conversion.dropped)]
    given = [a for a in conversion.adopted if a.source is None]
    for adopted in given:
        lines.append(f"give {adopted.what} in {_variable(adopted)} when you run {script}")
    return "\n".join(lines)


def _variable(adopted: Adopted) -> str:
    return "ADOPT_" + adopted.key.upper().replace("-", "_")


# The password of the URL in a file, decoded as libpq would.
_PASSWORD = (
    "import sys,urllib.parse as u;"
    "sys.stdout.write(u.unquote(u.urlsplit(open(sys.argv[1]).read().strip()).password or ''))"
)


def adoption_script(conversion: Conversion, source: str, target: str, prefix: str) -> str:
    """A bash script that copies each adopted value through files of mode 600 (never a
    command line or the terminal) into `<prefix>-adopted`, and fails on a missing one."""
    secret = f"{prefix}-adopted"
    quoted_source = shlex.quote(source)
    lines = [
        "#!/usr/bin/env bash",
        f"# The keys a Helm release keeps, copied from {source} into the Secret {secret} of",
        f"# {target}, which the converted values reference (written by kube-airflow from-helm).",
        "set -euo pipefail",
        'dir=$(mktemp -d) && trap \'rm -rf "$dir"\' EXIT && chmod 700 "$dir"',
        "copy() {  # copy FILE KIND 'NAME...' KEY: a key of the release's Secret or ConfigMap,",
        "  # under the first of its names (the chart's releases differ) that exists",
        '  local path="{.data.${4//./\\\\.}}" name found=""',
        "  for name in $3; do",
        f'    if kubectl -n {quoted_source} get "$2" "$name" >/dev/null 2>&1; then',
        "      found=$name; break",
        "    fi",
        "  done",
        f'  [ -n "$found" ] || {{ echo "error: no $2 named $3 in {source}" >&2; exit 1; }}',
        f'  kubectl -n {quoted_source} get "$2" "$found" -o "jsonpath=$path" > "$dir/raw"',
        '  [ -s "$dir/raw" ] || { echo "error: $2/$found has no key $4" >&2; exit 1; }',
        '  if [ "$2" = secret ]; then base64 -d "$dir/raw" > "$dir/$1"; '
        'else cp "$dir/raw" "$dir/$1"; fi',
        "}",
    ]
    files = []
    for adopted in conversion.adopted:
        files.append(f'--from-file={adopted.key}="$dir/{adopted.key}"')
        if adopted.source is None:
            variable = _variable(adopted)
            message = shlex.quote(f"error: give {adopted.what} in {variable}")
            lines.append(f'[ -n "${{{variable}:-}}" ] || {{ echo {message} >&2; exit 1; }}')
            lines.append(f'printf %s "${variable}" > "$dir/{adopted.key}"')
            continue
        kind = "configmap" if adopted.config_map else "secret"
        names = " ".join((adopted.source, *adopted.alternatives))
        quoted = " ".join(shlex.quote(p) for p in (names, adopted.source_key))
        if not adopted.url_password:
            lines.append(f"copy {adopted.key} {kind} {quoted}")
            continue
        lines += [
            f"copy url {kind} {quoted}",
            f'python3 -c {shlex.quote(_PASSWORD)} "$dir/url" > "$dir/{adopted.key}"',
            f'[ -s "$dir/{adopted.key}" ] || '
            f"{{ echo {shlex.quote(f'error: no password in {adopted.what}')} >&2; exit 1; }}",
        ]
    lines.append(
        f"kubectl -n {shlex.quote(target)} create secret generic {secret} "
        + " ".join(files)
        # Server-side: a client-side apply would keep the data in an annotation too.
        + " --dry-run=client -o yaml | kubectl apply --server-side -f -"
    )
    return "\n".join(lines) + "\n"
