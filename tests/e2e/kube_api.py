"""The slice of the Kubernetes API the deployment uses at run time: Secrets, served over HTTPS to
pods with a ServiceAccount token, authorized by the Roles and RoleBindings that were applied.

The bootstrap Job's real script talks to it exactly as it talks to a cluster; `kubectl create
secret` is `create_secret`. Only Secrets exist here: any other path is 404.
"""

from __future__ import annotations

import base64
import datetime
import ipaddress
import json
import re
import secrets as random
import shutil
import ssl
import tempfile
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

SECRET_PATH = re.compile(r"^/api/v1/namespaces/([^/]+)/secrets(?:/([^/?]+))?$")


@dataclass
class Authorizer:
    """RBAC over the applied Role/RoleBinding objects (ClusterRoles are not modelled)."""

    docs: list[dict[str, Any]] = field(default_factory=list)

    def allows(self, namespace: str, account: str, verb: str, name: str | None) -> bool:
        for binding in self._bindings(namespace, account):
            role = self._role(namespace, binding["roleRef"]["name"])
            for rule in (role or {}).get("rules", []):
                if self._matches(rule, verb, name):
                    return True
        return False

    def _bindings(self, namespace: str, account: str) -> list[dict[str, Any]]:
        return [
            d
            for d in self.docs
            if d["kind"] == "RoleBinding"
            and d["metadata"].get("namespace") == namespace
            and any(
                s["kind"] == "ServiceAccount"
                and s["name"] == account
                and s.get("namespace", namespace) == namespace
                for s in d.get("subjects", [])
            )
        ]

    def _role(self, namespace: str, name: str) -> dict[str, Any] | None:
        for d in self.docs:
            meta = d["metadata"]
            if d["kind"] == "Role" and meta["name"] == name and meta.get("namespace") == namespace:
                return d
        return None

    @staticmethod
    def _matches(rule: dict[str, Any], verb: str, name: str | None) -> bool:
        if "" not in rule.get("apiGroups", []) or "secrets" not in rule.get("resources", []):
            return False
        if verb not in rule.get("verbs", []) and "*" not in rule.get("verbs", []):
            return False
        names = rule.get("resourceNames")
        # As in Kubernetes: a rule naming resources never authorizes `create`.
        return not names or (verb != "create" and name in names)


class KubeApi(ThreadingHTTPServer):
    """HTTPS on all interfaces (containers reach it through their network's gateway).

    Without an authorizer it is the unit tests' plain-HTTP API on loopback that lets anyone in,
    and `conflicts_to_inject` makes that many PATCHes answer 409, as a concurrent writer would."""

    def __init__(self, host_ips: list[str], authorizer: Authorizer | None) -> None:
        address = "0.0.0.0" if authorizer else "127.0.0.1"
        super().__init__((address, 0), _Handler)
        self.authorizer = authorizer
        self.secrets: dict[tuple[str, str], dict[str, Any]] = {}
        self.tokens: dict[str, tuple[str, str]] = {}
        self.version = 0
        self.conflicts_to_inject = 0
        self.lock = threading.Lock()
        self.audit: list[str] = []
        self.ca_pem = self._serve_tls(host_ips) if authorizer else ""

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def start(self) -> None:
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def token_for(self, namespace: str, account: str) -> str:
        token = random.token_urlsafe(32)
        self.tokens[token] = (namespace, account)
        return token

    def create_secret(self, namespace: str, name: str, data: dict[str, str]) -> None:
        """What `kubectl create secret generic` does for the user."""
        encoded = {k: base64.b64encode(v.encode()).decode() for k, v in data.items()}
        meta = {"name": name, "namespace": namespace}
        self._store({"apiVersion": "v1", "kind": "Secret", "metadata": meta, "data": encoded})

    def secret_value(self, namespace: str, name: str, key: str) -> str | None:
        secret = self.secrets.get((namespace, name))
        value = (secret or {}).get("data", {}).get(key)
        return base64.b64decode(value).decode() if value is not None else None

    def _store(self, secret: dict[str, Any]) -> None:
        with self.lock:
            self.version += 1
            secret["metadata"]["resourceVersion"] = str(self.version)
            meta = secret["metadata"]
            self.secrets[(meta["namespace"], meta["name"])] = secret

    def _serve_tls(self, host_ips: list[str]) -> str:
        cert, key = _self_signed(host_ips)
        folder = Path(tempfile.mkdtemp(prefix="kube-api-"))
        (folder / "tls.crt").write_bytes(cert)
        (folder / "tls.key").write_bytes(key)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(folder / "tls.crt", folder / "tls.key")
        shutil.rmtree(folder)  # loaded: the key need not stay on disk
        self.socket = context.wrap_socket(self.socket, server_side=True)
        return cert.decode()


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
        token = self.headers.get("Authorization", "").removeprefix("Bearer ")
        authorizer = self.server.authorizer
        who = self.server.tokens.get(token) if authorizer else ("", "anyone")
        if who is None:
            self._reply(401, {"message": "Unauthorized"})
            return None
        if not match:
            self._reply(404, {"message": f"not served here: {self.path}"})
            return None
        namespace, name = match[1], match[2]
        allowed = authorizer is None or (
            who[0] == namespace and authorizer.allows(namespace, who[1], verb, name)
        )
        self.server.audit.append(f"{who[1]} {verb} secrets/{name or ''} -> {allowed}")
        if not allowed:
            self._reply(403, {"message": f"{who[1]} cannot {verb} secrets {name or ''}"})
            return None
        return namespace, name

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


def _self_signed(host_ips: list[str]) -> tuple[bytes, bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kube-apiserver")])
    now = datetime.datetime.now(datetime.UTC)
    sans = [x509.IPAddress(ipaddress.ip_address(ip)) for ip in host_ips]
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM), key_pem
