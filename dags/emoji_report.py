"""A DAG that needs a package from image/requirements/dags.txt (emoji), proving the image installs
the DAGs' Python requirements and that they import where the tasks run."""

from __future__ import annotations

from datetime import datetime

from airflow.sdk import dag, task


@dag(schedule=None, start_date=datetime(2026, 1, 1), catchup=False, tags=["example"])
def emoji_report() -> None:
    @task
    def count_rows() -> int:
        return 3

    @task
    def report(rows: int) -> str:
        import emoji  # a DAG requirement: imported in the task, where it must be installed

        line = emoji.emojize(f":white_check_mark: {rows} rows loaded", language="alias")
        print(line)
        return line

    report(count_rows())


emoji_report()
