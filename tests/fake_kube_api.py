"""A fake of the one slice of the Kubernetes API the bootstrap script uses: Secrets (get, create,
patch with resourceVersion), plain HTTP on loopback, no authorization. It keeps the script's unit
tests fast (never regenerating a key, retrying a 409); the cluster tier runs the same script
against the real API server under its real Role.
"""

from __future__ import annotations

import base64
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SECRET_PATH = re.compile(r"^/api/v1/namespaces/([^/]+)/secrets(?:/([^/?]+))?$")


class KubeApi(ThreadingHTTPServer):
    """`conflicts_to_inject` makes that many PATCHes answer 409, as a concurrent writer would."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.secrets: dict[tuple[str, str], dict[str, Any]] = {}
        self.version = 0
        self.conflicts_to_inject = 0
        self.lock = threading.Lock()

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def start(self) -> None:
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def create_secret(self, namespace: str, name: str, data: dict[str, str]) -> None:
        """What `kubectl create secret generic` does for the user."""
        encoded = {k: base64.b64encode(v.encode()).decode() for k, v in data.items()}
        meta = {"name": name, "namespace": namespace}
        self._store({"apiVersion": "v1", "kind": "Secret", "metadata": meta, "data": encoded})

    def _store(self, secret: dict[str, Any]) -> None:
        with self.lock:
            self.version += 1
            secret["metadata"]["resourceVersion"] = str(self.version)
            meta = secret["metadata"]
            self.secrets[(meta["namespace"], meta["name"])] = secret


class _Handler(BaseHTTPRequestHandler):
    server: KubeApi

    def log_message(self, *args: object) -> None:
        pass

    def _reply(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _route(self, verb: str) -> tuple[str, str | None] | None:
        match = SECRET_PATH.match(self.path)
        if not match:
            self._reply(404, {"message": f"not served here: {self.path}"})
            return None
        return match[1], match[2]

    def _body(self) -> dict[str, Any]:
        return dict(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))

    def do_GET(self) -> None:
        route = self._route("get")
        if route:
            found = self.server.secrets.get((route[0], route[1] or ""))
            self._reply(200, found) if found else self._reply(404, {"message": "not found"})

    def do_POST(self) -> None:
        body = self._body()
        if not (route := self._route("create")):
            return
        name = body["metadata"]["name"]
        if (route[0], name) in self.server.secrets:
            return self._reply(409, {"message": "already exists"})
        body["metadata"]["namespace"] = route[0]
        self.server._store(body)
        self._reply(201, body)

    def do_PATCH(self) -> None:
        patch = self._body()
        if not (route := self._route("patch")):
            return
        current = self.server.secrets.get((route[0], route[1] or ""))
        if current is None:
            return self._reply(404, {"message": "not found"})
        wanted = patch.get("metadata", {}).get("resourceVersion")
        stale = wanted and wanted != current["metadata"]["resourceVersion"]
        if stale or self.server.conflicts_to_inject:
            self.server.conflicts_to_inject = max(0, self.server.conflicts_to_inject - 1)
            return self._reply(409, {"message": "the object has been modified"})
        current.setdefault("data", {}).update(patch.get("data", {}))
        self.server._store(current)
        self._reply(200, current)
