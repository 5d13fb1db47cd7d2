"""No secret material in synthesized manifests: they end up in git, CI logs and ``kubectl get``.

Secrets are created at run time (bootstrap Job or the user) and only referenced by name here, so
any literal credential in the YAML is a leak. The scan is deliberately paranoid; a rare false
positive is fixed by using a reference (secretKeyRef, ``$(VAR)``) instead of a literal.
"""

import base64
import binascii
import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import Any

from .manifests import Doc, containers_with_paths, describe, pod_templates

# An env var name "looks sensitive" when a word ends one of its "_"-separated parts
# (SECRET_KEY, SQL_ALCHEMY_CONN, AIRFLOW_CONN_X, APIKEY) but not e.g. AIRFLOW__SECRETS__BACKEND.
SENSITIVE_ENV_NAME = re.compile(
    r"(PASSWORD|PASSWD|SECRET|TOKEN|KEY|FERNET|CONN)(_|$)", re.IGNORECASE
)
# Names whose value points at a secret or describes it, never holds it (Airflow *_CMD,
# *_CONN_ID, a Secret's name or labels).
REFERENCE_NAME_SUFFIXES = ("_CMD", "_FILE", "_PATH", "_DIR", "_ID", "_NAME", "_NAMES", "_LABELS")
REFERENCE = r"\$\(\w+\)|\$\{\w+\}|\$\w+"
PLACEHOLDER = re.compile(rf"(?:{REFERENCE}|\{{\{{.*\}}\}}|<[^>]*>|\*+|%\(\w+\)s)")
NON_SECRET_VALUE = re.compile(r"true|false|yes|no|-?\d+(\.\d+)?|/\S*", re.IGNORECASE)

PEM_PRIVATE_KEY = re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----")
FERNET_KEY = re.compile(r"(?<![A-Za-z0-9_+/=-])[A-Za-z0-9_-]{43}=(?![A-Za-z0-9_+/=-])")
URL_CREDENTIALS = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s/:@'\"]*:([^\s/@'\"]+)@")
AWS_ACCESS_KEY_ID = re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])")
AWS_SECRET_KEY = re.compile(r"(?i)aws.{0,20}?secret.{0,20}?[:=]\s*['\"]?([A-Za-z0-9/+]{40})\b")
TOKEN = re.compile(r"[A-Za-z0-9+/=_-]{32,}")
DIGEST_PREFIXES = ("sha256:", "sha512:")
YAML_KEY = re.compile(r"""^\s*(?:-\s+)?["']?([^"':#]+?)["']?\s*:(?:\s|$)""")
MIN_ENTROPY = 4.0


def shannon_entropy(text: str) -> float:
    """Bits per character; random base64 scores ~5-6, English words and paths ~3-4."""
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def _redact(value: str) -> str:
    return f"{value[:4]}… ({len(value)} chars)"


# --- structured checks ---------------------------------------------------------------------------


def check_secret_objects(docs: Iterable[Doc]) -> Iterator[str]:
    """Secret objects with data would commit their content; they must be created at run time."""
    for doc in docs:
        if doc.get("kind") != "Secret":
            continue
        for field in ("data", "stringData"):
            if doc.get(field):
                yield f"{describe(doc)}: {field}: Secret manifests must not carry data"


def _is_reference_value(name: str, value: str) -> bool:
    """Values that point at a secret (or are clearly not one) rather than containing it."""
    if name.upper().endswith(REFERENCE_NAME_SUFFIXES) or NON_SECRET_VALUE.fullmatch(value):
        return True
    if PLACEHOLDER.fullmatch(value):
        return True
    password = URL_CREDENTIALS.search(value)  # a URL counts only if its password is a reference
    return password is not None and bool(PLACEHOLDER.fullmatch(password.group(1)))


def check_env_values(docs: Iterable[Doc], allowed: Collection[str] = ()) -> Iterator[str]:
    """Sensitive-looking env vars must use valueFrom, not a literal ``value``.

    ``allowed`` names env vars the caller has reviewed (say, a list of key names to generate).
    """
    for doc in docs:
        for template in pod_templates(doc):
            for cpath, container in containers_with_paths(template.spec):
                for i, env in enumerate(container.get("env") or []):
                    name, value = str(env.get("name", "")), env.get("value")
                    if not SENSITIVE_ENV_NAME.search(name) or value in (None, ""):
                        continue
                    if name in allowed:
                        continue
                    if not _is_reference_value(name, str(value)):
                        where = f"{template.where}.{cpath}.env[{i}].value"
                        yield f"{where}: literal value for sensitive {name}: {_redact(str(value))}"


# --- raw text scan -------------------------------------------------------------------------------


def _pattern_hits(line: str) -> Iterator[tuple[str, tuple[int, int], str]]:
    """(what, span, matched text) for the specific secret patterns."""
    for match in PEM_PRIVATE_KEY.finditer(line):
        yield "PEM private key", match.span(), match.group(0)
    for match in FERNET_KEY.finditer(line):
        if _is_fernet(match.group(0)):
            yield "Fernet key", match.span(), match.group(0)
    for match in URL_CREDENTIALS.finditer(line):
        if not PLACEHOLDER.fullmatch(match.group(1)):
            yield "password in URL", match.span(1), match.group(1)
    for match in AWS_ACCESS_KEY_ID.finditer(line):
        yield "AWS access key id", match.span(), match.group(0)
    for match in AWS_SECRET_KEY.finditer(line):
        yield "AWS secret access key", match.span(1), match.group(1)


def _is_fernet(candidate: str) -> bool:
    try:
        return len(base64.urlsafe_b64decode(candidate)) == 32
    except (binascii.Error, ValueError):
        return False


def _is_checksum_line(line: str) -> bool:
    """Values of ``checksum/...`` annotations are hashes of config, not secrets."""
    key = YAML_KEY.match(line)
    return key is not None and "checksum/" in key.group(1)


def _looks_random(token: str) -> bool:
    """Mixed case plus digits filters out env var names, paths and identifiers."""
    classes = (str.islower, str.isupper, str.isdigit)
    mixed = all(any(test(c) for c in token) for test in classes)
    return mixed and shannon_entropy(token) >= MIN_ENTROPY


def _entropy_hits(line: str, taken: list[tuple[int, int]]) -> Iterator[tuple[str, str]]:
    if _is_checksum_line(line):
        return
    for match in TOKEN.finditer(line):
        start, end = match.span()
        if line[:start].endswith(DIGEST_PREFIXES):
            continue
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        if _looks_random(match.group(0)):
            yield "high-entropy token", match.group(0)


def scan_line(line: str) -> list[tuple[str, str]]:
    """(what, matched text) for every secret-looking thing on one line of YAML."""
    hits = list(_pattern_hits(line))
    found = [(what, text) for what, _, text in hits]
    return found + list(_entropy_hits(line, [span for _, span, _ in hits]))


def check_raw_texts(raw_texts: Mapping[str, str]) -> Iterator[str]:
    """Line-based scan of the files as written, so block scalars and comments are covered too."""
    for file, text in raw_texts.items():
        for lineno, line in enumerate(text.splitlines(), start=1):
            for what, value in scan_line(line):
                yield f"{file}:{lineno}: {what}: {_redact(value)}"


def secret_material_violations(
    docs: Iterable[Doc], raw_texts: Mapping[str, Any], allowed_env_names: Collection[str] = ()
) -> list[str]:
    """Secret objects with data, literal sensitive env values and secret-looking strings.

    ``raw_texts`` maps a file name to its YAML text (see ``manifests.load_texts``);
    ``allowed_env_names`` lists reviewed env var names whose literal values are not secrets.
    """
    docs = list(docs)
    return [
        *check_secret_objects(docs),
        *check_env_values(docs, allowed_env_names),
        *check_raw_texts({f: str(t) for f, t in raw_texts.items()}),
    ]
