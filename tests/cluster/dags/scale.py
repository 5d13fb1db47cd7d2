"""A DAG for the scaling tests: `tasks` mapped tasks that each work for `seconds` (run
parameters), sleeping, or with `busy` burning a CPU core, which is what an HPA on CPU sees. Only
the test image carries it."""

from __future__ import annotations

import time
from datetime import datetime

from airflow.sdk import dag, task


@dag(
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    params={"tasks": 4, "seconds": 30, "busy": False},
    max_active_tasks=64,
    tags=["scale"],
)
def scale() -> None:
    @task
    def plan(params: dict[str, object] | None = None) -> list[int]:
        return list(range(int(str((params or {})["tasks"]))))

    @task
    def work(index: int, params: dict[str, object] | None = None) -> int:
        seconds, busy = int(str((params or {})["seconds"])), bool((params or {})["busy"])
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if busy:
                sum(i * i for i in range(100_000))  # a core's worth of work, checked often
            else:
                time.sleep(1)
        print(f"task {index} worked {seconds} s ({'busy' if busy else 'sleeping'})", flush=True)
        return index

    work.expand(index=plan())


scale()
