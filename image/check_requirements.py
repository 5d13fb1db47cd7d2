"""Refuse a DAG requirements file that would choose the Airflow version: the base image does.

Usage: python check_requirements.py REQUIREMENTS_FILE  (exit 1 with a message naming the line)
"""

from __future__ import annotations

import re
import sys

# Distributions that make up Airflow itself; providers may be added (the constraints then keep
# the ones the image already has at their versions).
AIRFLOW_ITSELF = {"apache-airflow", "apache-airflow-core", "apache-airflow-task-sdk"}
NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def problems(path: str) -> list[str]:
    found = []
    with open(path) as f:
        for number, raw in enumerate(f, 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            if line.startswith("-"):
                found.append(
                    f"{path}:{number}: {line!r}: options and nested files are not supported; "
                    "list one requirement per line"
                )
                continue
            match = NAME.match(line)
            if match and normalize(match[1]) in AIRFLOW_ITSELF:
                found.append(
                    f"{path}:{number}: {line!r} pins Airflow itself; the base image "
                    "(build argument AIRFLOW_IMAGE) decides the Airflow version"
                )
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    found = problems(argv[0])
    for problem in found:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
