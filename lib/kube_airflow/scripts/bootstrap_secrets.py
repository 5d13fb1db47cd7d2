"""Create the deployment's generated Secret, or add the keys it lacks; never change a value.

Runs in the cluster as a Job (standard library only, so any image with Python runs it). Values are
made here, with `secrets.token_bytes`, and go only to the Kubernetes API: nothing is printed.

Environment:
  NAMESPACE, SECRET_NAME   where the Secret lives
  GENERATE                 JSON object: key -> how to make its value ("fernet", "token" or
                           "basic-auth", a `user:password` pair for Flower)
  LABELS                   JSON object of labels for a Secret this creates
  KUBERNETES_API_URL       optional; default: the in-cluster API with the pod's ServiceAccount
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import ssl
import sys
import urllib.error
import urllib.request
from typing import Any

SERVICE_ACCOUNT = "/var/run/secrets/kubernetes.io/serviceaccount"
ATTEMPTS = 5


def generate(kind: str) -> str:
    raw = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    if kind == "fernet":
        return raw  # cryptography's Fernet wants the padded form
    if kind == "token":
        return raw.rstrip("=")
    if kind == "basic-auth":
        # The token's alphabet has no ':' or ',', which separate Flower's users and passwords.
        return "flower:" + raw.rstrip("=")
    raise ValueError(f"unknown secret kind {kind!r}")


def b64(value: str) -> str:
    return base64.b64encode(value.encode()).decode()


class Api:
    """The few Kubernetes API calls this needs, over HTTPS with the ServiceAccount token."""

    def __init__(self, base: str, token: str | None, context: ssl.SSLContext | None) -> None:
        self.base, self.token, self.context = base.rstrip("/"), token, context

    @classmethod
    def from_environment(cls) -> Api:
        if os.environ.get("KUBERNETES_API_URL"):
            return cls(os.environ["KUBERNETES_API_URL"], None, None)
        host = os.environ["KUBERNETES_SERVICE_HOST"]
        port = os.environ.get("KUBERNETES_SERVICE_PORT", "443")
        with open(f"{SERVICE_ACCOUNT}/token") as f:
            token = f.read().strip()
        context = ssl.create_default_context(cafile=f"{SERVICE_ACCOUNT}/ca.crt")
        return cls(
            f"https://[{host}]:{port}" if ":" in host else f"https://{host}:{port}", token, context
        )

    def call(
        self, method: str, path: str, body: Any = None, ctype: str = "application/json"
    ) -> tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", ctype)
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, context=self.context, timeout=30) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")


def ensure(
    api: Api, namespace: str, name: str, wanted: dict[str, str], labels: dict[str, str]
) -> str:
    """Make the Secret hold every wanted key; returns what it did. Retries on a conflict, which
    means another run changed the Secret between our read and our write."""
    collection = f"/api/v1/namespaces/{namespace}/secrets"
    for _ in range(ATTEMPTS):
        status, current = api.call("GET", f"{collection}/{name}")
        if status == 404:
            data = {key: b64(generate(kind)) for key, kind in wanted.items()}
            body = {
                "apiVersion": "v1",
                "kind": "Secret",
                "type": "Opaque",
                "metadata": {"name": name, "namespace": namespace, "labels": labels},
                "data": data,
            }
            status, reply = api.call("POST", collection, body)
            if status == 409:
                continue
            _check(status, reply, "create")
            return f"created Secret {name} with keys {', '.join(sorted(wanted))}"
        _check(status, current, "read")
        missing = sorted(set(wanted) - set(current.get("data") or {}))
        if not missing:
            return f"Secret {name} already holds every key; nothing changed"
        patch = {
            # resourceVersion makes the patch fail with 409 if the Secret changed meanwhile.
            "metadata": {"resourceVersion": current["metadata"]["resourceVersion"]},
            "data": {key: b64(generate(wanted[key])) for key in missing},
        }
        status, reply = api.call(
            "PATCH", f"{collection}/{name}", patch, "application/merge-patch+json"
        )
        if status == 409:
            continue
        _check(status, reply, "patch")
        return f"added keys {', '.join(missing)} to Secret {name}; existing keys untouched"
    raise RuntimeError(f"Secret {name} kept changing under us; gave up after {ATTEMPTS} attempts")


def _check(status: int, reply: Any, action: str) -> None:
    if status >= 300:
        message = reply.get("message", "") if isinstance(reply, dict) else ""
        raise RuntimeError(f"could not {action} the Secret: HTTP {status} {message}")


def main() -> int:
    result = ensure(
        Api.from_environment(),
        os.environ["NAMESPACE"],
        os.environ["SECRET_NAME"],
        json.loads(os.environ["GENERATE"]),
        json.loads(os.environ.get("LABELS", "{}")),
    )
    print(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
