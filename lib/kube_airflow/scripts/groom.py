"""Grooming of a pod's own logs folder (its emptyDir, when no shared logs volume is mounted), for
the roles that write logs there: the workers (tasks' logs), the triggerer (triggers') and the
dag-processor (DAG files' parsing logs, a file per DAG file per day, appended at every parse).
Their liveness probe runs it (checks.py `--groom`), so no process of its own waits in the pod
between runs; the shared logs volume has its CronJob instead (features/logs.py).

    python groom.py FOLDER RETENTION_DAYS MAX_BYTES

At most once per EVERY_SECONDS (the mtime of a stamp file in FOLDER): deletes the files not
written for RETENTION_DAYS; then, while the files left hold more than MAX_BYTES, the oldest of
those not written for ACTIVE_SECONDS (a log still being written stays: only the emptyDir's size
limit bounds a task that writes without end); then the folders left empty, an hour old at least.
Prints what it deleted. Standard library only.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path

EVERY_SECONDS = 15 * 60
ACTIVE_SECONDS = 10 * 60
EMPTY_FOLDER_SECONDS = 60 * 60
STAMP = ".groomed"


def groom(folder: Path, retention_days: float, max_bytes: int, now: float | None = None) -> str:
    """One pass over `folder`; returns what it did ('' when it was not due)."""
    now = time.time() if now is None else now
    stamp = folder / STAMP
    if stamp.exists() and now - stamp.stat().st_mtime < EVERY_SECONDS:
        return ""
    stamp.touch()
    os.utime(stamp, (now, now))
    files = []
    # os.walk follows no symbolic link (the dag-processor's `latest`), nor do the checks below.
    for root, _, names in os.walk(folder):
        for name in names:
            path = Path(root, name)
            if path == stamp or path.is_symlink():
                continue
            try:
                status = path.stat()
            except FileNotFoundError:  # deleted meanwhile (Airflow deletes local copies)
                continue
            files.append((status.st_mtime, status.st_size, path))
    files.sort()
    deleted, freed = 0, 0
    total = sum(size for _, size, _ in files)
    for mtime, size, path in files:
        expired = now - mtime > retention_days * 86400
        over = total > max_bytes and now - mtime > ACTIVE_SECONDS
        if not (expired or over):
            continue
        path.unlink(missing_ok=True)
        deleted, freed, total = deleted + 1, freed + size, total - size
    for root, dirs, _ in os.walk(folder, topdown=False):
        for name in dirs:
            path = Path(root, name)
            if path.is_symlink() or any(path.iterdir()):
                continue
            with contextlib.suppress(OSError):  # written to or removed meanwhile
                if now - path.stat().st_mtime > EMPTY_FOLDER_SECONDS:
                    path.rmdir()
    return f"groomed {folder}: {deleted} files deleted ({freed} bytes), {total} bytes left"


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    print(groom(Path(argv[1]), float(argv[2]), int(argv[3])) or "not due")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
