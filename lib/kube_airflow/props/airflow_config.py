"""airflow.cfg overrides, checked against the pinned Airflow's own description of its options:
by name, by the type Airflow reads them as, and where an option moved in Airflow 3."""

from __future__ import annotations

import difflib
import json
import re
from functools import cache
from importlib.resources import files
from typing import Annotated, Any

from pydantic import BeforeValidator

from kube_airflow.errors import Problem
from kube_airflow.props.model import one_line, rule
from kube_airflow.versions import AIRFLOW_VERSION

_CONFIG_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")
ConfigName = Annotated[
    str,
    rule(
        lambda v: bool(_CONFIG_NAME.match(v)),
        "must be an airflow.cfg name: letters, digits, '_', '.' and '-'",
    ),
]


def _config_scalar(value: object) -> object:
    if isinstance(value, str | int | float | bool):
        return value
    raise ValueError("an airflow.cfg value must be a string, a number or a boolean")


ConfigValue = Annotated[str | int | float | bool, BeforeValidator(_config_scalar)]


# Settings kube-airflow owns: overriding them would silently break the deployment, so the error
# says which prop to use instead.
MANAGED = {
    ("core", "executor"): "use executor",
    ("kubernetes_executor", "pod_template_file"): "use task_pods (the pod template's options)",
    ("kubernetes_executor", "namespace"): "task pods run in the deployment's namespace",
    ("core", "fernet_key"): "use secrets.fernet_key",
    ("api", "secret_key"): "use secrets.api_secret_key",
    ("api_auth", "jwt_secret"): "use secrets.jwt_secret",
    ("database", "sql_alchemy_conn"): "use database",
    ("celery", "broker_url"): "use broker",
    ("celery", "result_backend"): "use result_backend",
    ("logging", "worker_log_server_port"): "the worker log Service is wired to 8793",
    ("logging", "trigger_log_server_port"): "the triggerer log Service is wired to 8794",
    ("fab", "config_file"): "use auth (webserver_config.py from the props or your ConfigMap)",
    ("logging", "base_log_folder"): "the logs volume is mounted at /opt/airflow/logs",
    ("logging", "remote_logging"): "use logs.remote",
    ("logging", "remote_base_log_folder"): "use logs.remote.base_folder",
    ("logging", "remote_log_conn_id"): "use logs.remote.conn_id",
}


@cache
def known_options() -> dict[str, list[str]]:
    """Section -> option names of the pinned Airflow and the providers the image ships."""
    text = files("kube_airflow").joinpath("data/airflow_config.json").read_text()
    data: dict[str, list[str]] = json.loads(text)["sections"]
    return data


def check_overrides(
    overrides: dict[str, dict[str, ConfigValue]], provider_sections: list[str]
) -> None:
    """Raise ValueError naming the first unknown or managed option, with the closest valid one."""
    known = known_options()
    for section, options in overrides.items():
        if section in provider_sections:
            continue
        if section not in known:
            raise ValueError(_not_a_section(section, known))
        for key, value in options.items():
            if key not in known[section]:
                raise ValueError(_unknown_key(section, key, known[section]))
            if (section, key) in MANAGED:
                raise ValueError(f"config.{section}.{key} is managed: {MANAGED[(section, key)]}")
            if "\n" in str(value):
                raise ValueError(f"config.{section}.{key}: a value may not contain a newline")


def _not_a_section(section: str, known: dict[str, list[str]]) -> str:
    close = difflib.get_close_matches(section, known, n=1)
    hint = f"; did you mean [{close[0]}]?" if close else ""
    return (
        f"config section [{section}] does not exist in Airflow's configuration{hint} "
        "If a provider installed in your image defines it, list it in config_provider_sections."
    )


def _unknown_key(section: str, key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"config key '{key}' does not exist in section [{section}]{hint}"


@cache
def config_options() -> dict[str, Any]:
    """Each option's type in the pinned Airflow and its providers, and the options that moved
    or were removed (data generated from Airflow's own description: synth does not import it)."""
    text = files("kube_airflow").joinpath("data/airflow_config_options.json")
    data: dict[str, Any] = json.loads(text.read_text())
    return data


def _cfg_text(value: ConfigValue) -> str:
    """As airflow.cfg holds it (config.render)."""
    return ("True" if value else "False") if isinstance(value, bool) else str(value)


def _reads_as(kind: str, text: str) -> bool:
    """Whether Airflow's getint / getfloat / getboolean accept `text`."""
    if kind == "boolean":
        return text.split("#")[0].strip().lower() in {"t", "true", "1", "f", "false", "0"}
    try:
        number = float(text) if kind in {"float", "integer"} else 0.0
    except ValueError:
        return False
    return kind != "integer" or _is_int(text) or number.is_integer()


def _is_int(text: str) -> bool:
    try:
        int(text)
    except ValueError:
        return False
    return True


def _moved_or_removed(section: str, key: str) -> str | None:
    options = config_options()
    moved = options["moved"].get(section, {}).get(key)
    if moved:
        new_section, new_key = moved
        now = f"[{section}] {key} moved to [{new_section}] {new_key} in Airflow 3"
        owner = MANAGED.get((new_section, new_key))
        if owner is not None:
            return f"{now}, which this deployment manages: {owner}"
        return f"{now}: set config.{new_section}.{new_key}"
    if key in options["removed"].get(section, {}):
        why = options["removed"][section][key]
        return f"[{section}] {key} was removed in Airflow 3 (not in {AIRFLOW_VERSION})" + (
            f": {why}" if why else ""
        )
    return None


def _option_problem(section: str, key: str, value: ConfigValue, providers: list[str]) -> str | None:
    """What is wrong with one option of a known or provider section, if anything."""
    text = _cfg_text(value)
    if text and not one_line(text):
        return "an airflow.cfg value must be one line, without control characters"
    if section in providers:
        if not _CONFIG_NAME.match(key):
            return f"option name {key!r} must be letters, digits, '_', '.' and '-'"
        return None
    known = config_options()["types"][section]
    if key not in known and (moved := _moved_or_removed(section, key)):
        return moved
    try:
        check_overrides({section: {key: value}}, [])  # unknown (closest name), managed
    except ValueError as error:
        return str(error)
    kind = known.get(key, "string")
    if not _reads_as(kind, text):
        article = "an" if kind == "integer" else "a"
        return f"must be {article} {kind}: Airflow reads [{section}] {key} as one"
    return None


def _unknown_section(section: str) -> str:
    close = difflib.get_close_matches(section, config_options()["types"], n=1)
    hint = f"; did you mean [{close[0]}]?" if close else ""
    return (
        f"config section [{section}] does not exist in the configuration of Airflow "
        f"{AIRFLOW_VERSION}{hint}. If a provider installed in your image defines it, list it in "
        "config_provider_sections."
    )


def config_problems(
    config: dict[str, dict[str, ConfigValue]], providers: list[str]
) -> list[Problem]:
    """Every unknown, moved, managed or mistyped option, each at its own path."""
    problems: list[Problem] = []
    for section, options in config.items():
        if section in providers or section in config_options()["types"]:
            for key, value in options.items():
                if message := _option_problem(section, key, value, providers):
                    problems.append((("config", section, key), message, value))
            continue
        # A section Airflow dropped ([webserver]): say where each of its options went.
        moved = {key: m for key in options if (m := _moved_or_removed(section, key))}
        problems += [(("config", section, key), m, options[key]) for key, m in moved.items()]
        if len(moved) < len(options) or not options:
            problems.append((("config", section), _unknown_section(section), options))
    return problems
