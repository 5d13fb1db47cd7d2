"""A DAG for the worker sets' test: `default` mapped tasks on the default queue and `highmem`
ones on the queue `highmem` (run parameters), each sleeping `seconds`, so the queued and running
work of each queue holds still long enough to be counted. Only the test image carries it."""

from __future__ import annotations

import time
from datetime import datetime

from airflow.sdk import dag, task


@dag(
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    params={"default": 2, "highmem": 5, "seconds": 60},
    max_active_tasks=64,
    tags=["scale"],
)
def queues() -> None:
    @task
    def plan(queue: str, params: dict[str, object] | None = None) -> list[int]:
        return list(range(int(str((params or {})[queue]))))

    @task
    def work(index: int, params: dict[str, object] | None = None) -> int:
        time.sleep(int(str((params or {})["seconds"])))
        return index

    work.override(task_id="on_default").expand(
        index=plan.override(task_id="plan_default")("default")
    )
    on_highmem = work.override(task_id="on_highmem", queue="highmem")
    on_highmem.expand(index=plan.override(task_id="plan_highmem")("highmem"))


queues()
