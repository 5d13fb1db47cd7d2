"""A DAG for the fault drills: one task that works for `seconds` (a run parameter), printing a
line a second, so a fault can be caused while it runs. Only the drills' image carries it."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from airflow.sdk import dag, task


@dag(
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    params={"seconds": 45},
    default_args={"retries": 2, "retry_delay": timedelta(seconds=5)},
    tags=["drill"],
)
def drill() -> None:
    @task
    def work(params: dict[str, int] | None = None) -> int:
        seconds = int((params or {})["seconds"])
        for second in range(seconds):
            print(f"working {second + 1}/{seconds}", flush=True)
            time.sleep(1)
        return seconds

    work()


drill()
