"""Refuse a DAG requirements file that would choose the Airflow version (the base image does) or
move a package the base image already has: image/Dockerfile installs against constraints made from
the base's own packages, so such a line could only fail later with a resolver error. A package the
base has is taken at the base's version: name it without a version, or with a range that version
satisfies (the official image ships ~30 providers: amazon, google, microsoft-azure, ...).

Usage: python check_requirements.py REQUIREMENTS_FILE  (exit 1 with a message naming each line)
Run in the base image, whose installed packages it reads.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata

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
            elif problem := _moves_a_base_package(line):
                found.append(f"{path}:{number}: {line!r} {problem}")
    return found


def _moves_a_base_package(line: str) -> str | None:
    """Why `line` asks for a version of an installed package that the base does not have."""
    try:
        from packaging.requirements import InvalidRequirement, Requirement
    except ImportError:  # not in the base: nothing to compare against
        return None
    try:
        requirement = Requirement(line)
    except InvalidRequirement:
        return None  # pip reports it with its own words
    try:
        installed = metadata.version(requirement.name)
    except metadata.PackageNotFoundError:
        return None
    if requirement.specifier.contains(installed, prereleases=True):
        return None
    return (
        f"asks for a version the base image does not have: it ships {requirement.name} "
        f"{installed}, which the build keeps. Name it without a version (or with a range "
        f"{installed} satisfies), or build on a base image that has the version you need"
    )


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
