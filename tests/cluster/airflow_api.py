"""The Airflow REST API, used as a user would: a JWT from /auth/token, then /api/v2."""

from __future__ import annotations

import http.client
import json
import time
import urllib.error
import urllib.request
from typing import Any

# What a request to a server that is starting, stopping or overloaded may raise, besides an
# HTTP error: a refused, reset or timed-out connection (OSError), a response cut short
# (http.client.HTTPException) and a truncated JSON body (ValueError).
TRANSIENT = (OSError, http.client.HTTPException, ValueError)


class AirflowApi:
    def __init__(self, base: str, username: str, password: str) -> None:
        self.base = base.rstrip("/")
        self.token = self._token(username, password)

    @classmethod
    def with_token(cls, base: str, token: str) -> AirflowApi:
        """The API as a session signed in elsewhere (a browser's, through an identity
        provider) calls it, with that session's token."""
        api = cls.__new__(cls)
        api.base, api.token = base.rstrip("/"), token
        return api

    def _token(self, username: str, password: str) -> str:
        deadline = time.monotonic() + 120
        while True:
            try:
                body = self._call(
                    "POST", "/auth/token", {"username": username, "password": password}, auth=False
                )
                return str(body["access_token"])
            except TRANSIENT as error:
                if time.monotonic() > deadline:
                    raise AssertionError(
                        f"no token from {self.base}/auth/token: {error}"
                    ) from error
                time.sleep(3)

    def _request(
        self, method: str, path: str, body: Any = None, auth: bool = True
    ) -> urllib.request.Request:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if auth:
            request.add_header("Authorization", f"Bearer {self.token}")
        return request

    def _call(self, method: str, path: str, body: Any = None, auth: bool = True) -> Any:
        with urllib.request.urlopen(self._request(method, path, body, auth), timeout=60) as answer:
            text = answer.read()
        return json.loads(text) if text else None

    def status(self, method: str, path: str) -> int:
        """The HTTP status this request is answered with (an error's too)."""
        try:
            with urllib.request.urlopen(self._request(method, path), timeout=60) as answer:
                return int(answer.status)
        except urllib.error.HTTPError as error:
            return error.code

    def get(self, path: str) -> Any:
        return self._call("GET", path)

    def post(self, path: str, body: Any) -> Any:
        return self._call("POST", path, body)

    def patch(self, path: str, body: Any) -> Any:
        return self._call("PATCH", path, body)

    def wait_for(self, what: str, check: Any, timeout: float, every: float = 3) -> Any:
        """Poll `check()` until it returns something truthy; its last error explains a timeout."""
        deadline, last = time.monotonic() + timeout, None
        while time.monotonic() < deadline:
            try:
                result = check()
                if result:
                    return result
            except urllib.error.HTTPError as error:
                last = f"HTTP {error.code}: {error.read()[:300]!r}"
            except TRANSIENT as error:
                # No ready endpoint behind the Service yet, or a request that outlived its
                # timeout while the api-server waited for its database (a drill's fault).
                last = f"{type(error).__name__}: {error}"
            time.sleep(every)
        raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what} ({last})")


def sign_in_status(base: str, username: str, password: str) -> int:
    """The HTTP status /auth/token answers these credentials with."""
    body = json.dumps({"username": username, "password": password}).encode()
    request = urllib.request.Request(base.rstrip("/") + "/auth/token", data=body, method="POST")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
