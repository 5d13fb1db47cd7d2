"""The Airflow tutorial DAG for Airflow 3 (the original kube-airflow ran `airflow backfill`).

Three tasks: print the date, then sleep and render a templated command, in parallel. The trigger
form asks how long to sleep (`sleep_seconds`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from textwrap import dedent

from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG, Param

with DAG(
    "tutorial",
    description="The Airflow tutorial: three Bash tasks with dependencies",
    schedule=timedelta(days=1),
    start_date=datetime(2026, 1, 1),
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=30)},
    tags=["example"],
    params={"sleep_seconds": Param(2, type="integer", minimum=0, maximum=3600)},
) as dag:
    print_date = BashOperator(task_id="print_date", bash_command="date")
    sleep = BashOperator(
        task_id="sleep", bash_command="sleep {{ params.sleep_seconds }}", retries=3
    )
    templated = BashOperator(
        task_id="templated",
        bash_command=dedent(
            """
            {% for i in range(3) %}
                echo "logical date {{ ds }}, seven days later {{ macros.ds_add(ds, 7) }}"
            {% endfor %}
            """
        ),
    )
    print_date >> [sleep, templated]
