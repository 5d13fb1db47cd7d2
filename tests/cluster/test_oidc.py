"""Sign-in through an OpenID Connect provider's own login page, in a real browser: Dex (built from
its Go module, tests/cluster/oidc/) in the deployment's namespace, with its LDAP connector on the
directory of the LDAP test (slapd, tests/cluster/ldap/), which holds two users in two groups.

The api-server is set up with our props alone: `auth: {type: oauth}` with a generic `oidc`
provider (Dex's discovery document, the `groups` scope), the groups claim mapped to roles, a
registration role for everyone else; Dex's CA is trusted through `api_server.volumes` and `env`
(requests, which authlib fetches with, reads REQUESTS_CA_BUNDLE).

One issuer URL serves the browser and the pods: Dex's Service name,
https://dex.kat-oidc.svc.cluster.local:5556/dex. Pods resolve it through the cluster DNS; the
browser, on the node, maps that name (and the api-server's Service name) to the Service's virtual
IP, which kube-proxy serves to the node too, and accepts Dex's certificate by its key and no other.
Every secret (the client secret, the directory's bind password, the users' passwords) has every
character a shell, a URL or Dex's `$VAR` expansion could trip on."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.cluster import deploy, images
from tests.cluster.airflow_api import AirflowApi
from tests.cluster.browser import ARTIFACTS, Browser, assert_no_console_errors, browser
from tests.cluster.conftest import TIMINGS, built_for
from tests.cluster.kube import Kube
from tests.cluster.test_ingress import Certificate, self_signed
from tests.cluster.test_sign_in import (
    BASE,
    BIND_PASSWORD,
    BIND_USER,
    DIRECTORY_BASE,
    LDAP_PORT,
    USER,
    _password,
    directory,
)

pytestmark = pytest.mark.cluster
NAMESPACE = "kat-oidc"
DEX_HOST = f"dex.{NAMESPACE}.svc.cluster.local"
DEX_PORT, DEX_TELEMETRY_PORT = 5556, 5558
ISSUER = f"https://{DEX_HOST}:{DEX_PORT}/dex"
API_HOST = f"airflow-api-server.{NAMESPACE}.svc.cluster.local"
API_PORT = 8080
WEB = f"http://{API_HOST}:{API_PORT}"
PROVIDER = "dex"  # the name on Airflow's login page and in its callback URL
CLIENT_ID = "airflow"
CLIENT_SECRET = "client'\"/ @:%$x?#&=+\\"
# User one is in airflow-admins, which maps to Admin; user two is in analysts, which maps to
# nothing, so they get the registration role alone.
ADMINS, ANALYSTS = "airflow-admins", "analysts"
ADMIN_PASSWORD = "ada'\"/ @:%$x?#&=+\\"
ANALYST, ANALYST_PASSWORD = "grace", "grace'\"/ @:%$HOME?#&=+\\"
REGISTRATION_ROLE = "Viewer"
CA_DIR = "/etc/kube-airflow/dex-ca"
# The menus of the UI's navigation bar, which it draws from what the session may see.
MENU = "button[data-part='trigger'][aria-label]"
VALUES = {
    "auth": {
        "type": "oauth",
        "providers": [
            {
                "provider": "oidc",
                "name": PROVIDER,
                "client_id": CLIENT_ID,
                "client_secret": {"name": "oidc", "key": "client-secret"},
                "server_metadata_url": f"{ISSUER}/.well-known/openid-configuration",
                "scope": "openid email profile groups",
                # The secret has '%' and '+': in the Authorization header authlib sends it as
                # is, and Dex, decoding it as RFC 6749 says, refuses it; the body is encoded.
                "token_endpoint_auth_method": "client_secret_post",
            }
        ],
        "user_registration": True,
        "user_registration_role": REGISTRATION_ROLE,
        "roles_mapping": {ADMINS: ["Admin"]},
        "roles_sync_at_login": True,
    },
    "api_server": {
        "volumes": [{"name": "dex-ca", "config_map": "dex-ca", "mount_path": CA_DIR}],
        "env": [{"name": "REQUESTS_CA_BUNDLE", "value": f"{CA_DIR}/ca.crt"}],
    },
}


def _person(uid: str, given: str, family: str, password: str) -> str:
    return f"""
dn: uid={uid},ou=people,{BASE}
objectClass: inetOrgPerson
uid: {uid}
cn: {given} {family}
givenName: {given}
sn: {family}
mail: {uid}@example.org
userPassword:: {_password(password)}
"""


def _group(name: str, member: str) -> str:
    return f"""
dn: cn={name},ou=groups,{BASE}
objectClass: groupOfNames
cn: {name}
member: uid={member},ou=people,{BASE}
"""


ENTRIES = "".join(
    [
        DIRECTORY_BASE,
        _person(USER, "Ada", "Lovelace", ADMIN_PASSWORD),
        _person(ANALYST, "Grace", "Hopper", ANALYST_PASSWORD),
        _group(ADMINS, USER),
        _group(ANALYSTS, ANALYST),
    ]
)


def dex_config() -> dict[str, Any]:
    """Dex's config (JSON is YAML): HTTPS with the test's certificate, the memory storage, one
    static client (Airflow, its callback on the api-server's Service name), one LDAP connector.
    Secrets are `$VAR`s Dex expands from its env when it reads a connector's config (and
    `secretEnv` for the client): a literal `$` in the config would be expanded too."""
    ldap = {
        "host": f"ldap:{LDAP_PORT}",
        "insecureNoSSL": True,
        "bindDN": BIND_USER,
        "bindPW": "$DEX_LDAP_BIND_PASSWORD",
        "usernamePrompt": "Username",
        "userSearch": {
            "baseDN": f"ou=people,{BASE}",
            "filter": "(objectClass=inetOrgPerson)",
            "username": "uid",
            "idAttr": "uid",
            "emailAttr": "mail",
            "nameAttr": "cn",
            # FAB names a user of a generic provider by this claim.
            "preferredUsernameAttr": "uid",
        },
        "groupSearch": {
            "baseDN": f"ou=groups,{BASE}",
            "filter": "(objectClass=groupOfNames)",
            "userMatchers": [{"userAttr": "DN", "groupAttr": "member"}],
            "nameAttr": "cn",
        },
    }
    return {
        "issuer": ISSUER,
        "storage": {"type": "memory"},
        "web": {
            "https": f"0.0.0.0:{DEX_PORT}",
            "tlsCert": "/etc/dex/tls/tls.crt",
            "tlsKey": "/etc/dex/tls/tls.key",
        },
        "telemetry": {"http": f"0.0.0.0:{DEX_TELEMETRY_PORT}"},
        "oauth2": {"skipApprovalScreen": True},
        "staticClients": [
            {
                "id": CLIENT_ID,
                "name": "Airflow",
                "secretEnv": "DEX_CLIENT_SECRET",
                "redirectURIs": [f"{WEB}/auth/oauth-authorized/{PROVIDER}"],
            }
        ],
        "connectors": [{"type": "ldap", "id": "ldap", "name": "Directory", "config": ldap}],
    }


def dex(namespace: str) -> list[dict[str, Any]]:
    """Dex's Deployment and Service, its config from the ConfigMap `dex-config`, its certificate
    from the TLS Secret `dex-tls`, the client secret and the bind password from Secrets."""
    env = [
        ("DEX_CLIENT_SECRET", "oidc", "client-secret"),
        ("DEX_LDAP_BIND_PASSWORD", "ldap-bind", "password"),
    ]
    container = {
        "name": "dex",
        "image": images.DEX_IMAGE,
        "imagePullPolicy": "IfNotPresent",
        "args": ["serve", "/etc/dex/config/config.yaml"],
        "securityContext": {**deploy.RESTRICTED, "readOnlyRootFilesystem": True},
        "env": [
            {"name": name, "valueFrom": {"secretKeyRef": {"name": secret, "key": key}}}
            for name, secret, key in env
        ],
        "ports": [{"containerPort": DEX_PORT}],
        "readinessProbe": {
            "httpGet": {"path": "/healthz/ready", "port": DEX_TELEMETRY_PORT},
            "periodSeconds": 2,
        },
        "resources": {"requests": {"cpu": "20m", "memory": "32Mi"}, "limits": {"memory": "128Mi"}},
        "volumeMounts": [
            {"name": "config", "mountPath": "/etc/dex/config", "readOnly": True},
            {"name": "tls", "mountPath": "/etc/dex/tls", "readOnly": True},
        ],
    }
    volumes = [
        {"name": "config", "configMap": {"name": "dex-config"}},
        {"name": "tls", "secret": {"secretName": "dex-tls"}},
    ]
    return deploy.service_with_pod(namespace, "dex", container, DEX_PORT, volumes=volumes)


@dataclass
class Provider:
    """The deployment signing in through Dex: where the browser finds both, and how it trusts
    Dex."""

    certificate: Certificate
    dex_ip: str
    api_ip: str

    def browser_arguments(self) -> tuple[str, ...]:
        return (
            f"--host-resolver-rules=MAP {DEX_HOST} {self.dex_ip}, MAP {API_HOST} {self.api_ip}",
            f"--ignore-certificate-errors-spki-list={self.certificate.spki_sha256}",
        )


@pytest.fixture(scope="module")
def oidc_images(kube: Kube, cluster_images: dict[str, str]) -> dict[str, str]:
    figure = "oidc: Dex (built from its module, cached) and slapd built and loaded"
    return built_for(kube, figure, images.build_and_load_oidc)


def create_provider(kube: Kube, namespace: str, folder: Path) -> Certificate:
    """What runs beside Airflow and what the user creates first: Dex's certificate (its TLS
    Secret, its CA for the api-server in a ConfigMap), the client secret, the bind password,
    the directory and Dex."""
    certificate = self_signed(DEX_HOST)
    (folder / "tls.crt").write_text(certificate.pem)
    (folder / "tls.key").write_text(certificate.key_pem)
    secrets = {"oidc": ("client-secret", CLIENT_SECRET), "ldap-bind": ("password", BIND_PASSWORD)}
    for name, (key, value) in secrets.items():
        kube.run("create", "secret", "generic", name, "-n", namespace,
                 f"--from-literal={key}={value}")  # fmt: skip
    kube.run("create", "secret", "tls", "dex-tls", "-n", namespace,
             f"--cert={folder / 'tls.crt'}", f"--key={folder / 'tls.key'}")  # fmt: skip
    kube.run("create", "configmap", "dex-ca", "-n", namespace,
             f"--from-file=ca.crt={folder / 'tls.crt'}")  # fmt: skip
    config = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "dex-config", "namespace": namespace},
        "data": {"config.yaml": json.dumps(dex_config(), indent=2)},
    }
    items = [config, *directory(namespace, ENTRIES), *dex(namespace)]
    kube.apply_list(items)
    return certificate


@pytest.fixture(scope="module")
def provider(
    kube: Kube, oidc_images: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Provider]:
    """The deployment with OIDC sign-in through Dex, converged, and Dex ready."""
    if not kube.local:
        pytest.skip("the browser reaches Services by their virtual IPs from the cluster's node")
    kube.delete_namespace(NAMESPACE)
    folder = tmp_path_factory.mktemp("oidc")
    dist = deploy.synthesize_values(
        folder, VALUES, "--image", images.AIRFLOW_IMAGE_DRILLS, "--namespace", NAMESPACE,
        # Dex runs inside the cluster: declared, as a user declares an in-cluster provider.
        *deploy.declared(("dex", [DEX_PORT], None)),
    )  # fmt: skip
    try:
        kube.run("apply", "-f", str(dist / "0-namespace.k8s.yaml"))
        certificate = create_provider(kube, NAMESPACE, folder)
        begin = time.monotonic()
        deploy.apply(kube, dist)
        deploy.wait_converged(kube, NAMESPACE)
        for name in ("ldap", "dex"):
            kube.run("rollout", "status", f"deployment/{name}", "-n", NAMESPACE,
                     "--timeout=120s", timeout=150)  # fmt: skip
        TIMINGS["oidc: apply -> converged, Dex ready"] = time.monotonic() - begin
        ips = {
            name: kube.json("get", "service", name, "-n", NAMESPACE)["spec"]["clusterIP"]
            for name in ("dex", "airflow-api-server")
        }
        yield Provider(certificate, ips["dex"], ips["airflow-api-server"])
    except AssertionError as error:
        raise AssertionError(f"{error}\n{deploy.report(kube, NAMESPACE)}") from error
    finally:
        kube.delete_namespace(NAMESPACE)


def sign_in_at_dex(b: Browser, web: str, user: str, password: str, shot: str) -> None:
    """Airflow's login page, its button for the provider, then Dex's own login form, filled in
    and sent: a screenshot of each page."""
    b.open(web + "/")
    button = f"#btn-signin-{PROVIDER}"
    b.wait("Airflow's login page offering the provider", lambda: b.elements(button))
    b.step(f"{shot}-1-airflow-login")
    b.elements(button)[0].click()
    b.wait("Dex's login form", lambda: b.elements("#login") and b.elements("#password"))
    assert b.driver.current_url.startswith(ISSUER), b.driver.current_url
    b.step(f"{shot}-2-dex-login")
    b.elements("#login")[0].send_keys(user)
    b.elements("#password")[0].send_keys(password)
    b.elements("#submit-login")[0].click()


@dataclass
class Session:
    """A browser's session in Airflow's UI: its token (the cookie the UI sends the REST API)
    and the menus the UI shows it."""

    token: str
    menus: set[str]


def signed_in(b: Browser, web: str, shot: str) -> Session:
    """Once the browser is back in Airflow's UI, signed in, and the UI has drawn the menus the
    session may see (Browse is everyone's): the session."""
    b.wait("Airflow's UI, signed in", lambda: _in_airflow(b, web) and b.driver.get_cookie("_token"))
    b.wait("the UI's menus", lambda: b.elements(f"{MENU}[aria-label='Browse']"))
    b.wait("the home page's figures", lambda: b.shows("Active Dags"))
    b.step(f"{shot}-3-signed-in")
    cookie = b.driver.get_cookie("_token")
    assert cookie, b.driver.get_cookies()
    menus = {str(e.get_attribute("aria-label")) for e in b.elements(MENU)}
    return Session(str(cookie["value"]), menus)


def _in_airflow(b: Browser, web: str) -> bool:
    url = str(b.driver.current_url)
    return url.startswith(web) and "/auth/" not in url


def roles(api: AirflowApi, user: str) -> list[str]:
    return sorted(r["name"] for r in api.get(f"/auth/fab/v1/users/{user}")["roles"])


def test_a_wrong_password_stays_at_dex_with_its_error(provider: Provider) -> None:
    """Dex checks the password against the directory and shows its form again with its error;
    the browser never leaves Dex."""
    with browser(ARTIFACTS / "ui-oidc", provider.browser_arguments()) as b:
        sign_in_at_dex(b, WEB, USER, ADMIN_PASSWORD[:-1], "wrong-password")
        b.wait("Dex's error", lambda: b.elements("#login-error"))
        assert "Invalid Username and password." in b.text(), b.text()
        assert b.driver.current_url.startswith(ISSUER), b.driver.current_url
        b.step("wrong-password-3-refused")
    assert_no_console_errors(b)


def test_a_group_member_signs_in_at_dex_with_the_role_of_the_group(
    kube: Kube, provider: Provider
) -> None:
    """User one, in airflow-admins, signs in at Dex's page and lands in Airflow's UI, registered
    from the claims (mail from the directory) with Admin, which the groups claim maps to, beside
    the registration role (FAB gives both): the UI shows them the Admin and Security menus, and
    their session's token reads users."""
    with browser(ARTIFACTS / "ui-oidc", provider.browser_arguments()) as b:
        sign_in_at_dex(b, WEB, USER, ADMIN_PASSWORD, "group-member")
        session = signed_in(b, WEB, "group-member")
    assert_no_console_errors(b)
    assert {"Admin", "Security"} <= session.menus, session.menus
    url = deploy.service_url(kube, NAMESPACE, "airflow-api-server", API_PORT)
    api = AirflowApi.with_token(url, session.token)
    assert roles(api, USER) == ["Admin", REGISTRATION_ROLE]
    assert api.get(f"/auth/fab/v1/users/{USER}")["email"] == f"{USER}@example.org"
    assert api.get("/api/v2/dags")["total_entries"] >= 1


def test_a_user_outside_the_mapped_groups_gets_the_registration_role(
    kube: Kube, provider: Provider
) -> None:
    """User two, in analysts (mapped to nothing), signs in at Dex's page and gets the
    registration role alone: the UI shows them neither the Admin nor the Security menu, and
    their session reads DAGs but not users."""
    with browser(ARTIFACTS / "ui-oidc", provider.browser_arguments()) as b:
        sign_in_at_dex(b, WEB, ANALYST, ANALYST_PASSWORD, "registration-role")
        session = signed_in(b, WEB, "registration-role")
    assert_no_console_errors(b)
    assert not {"Admin", "Security"} & session.menus, session.menus
    url = deploy.service_url(kube, NAMESPACE, "airflow-api-server", API_PORT)
    api = AirflowApi.with_token(url, session.token)
    assert api.get("/api/v2/dags")["total_entries"] >= 1
    assert api.status("GET", f"/auth/fab/v1/users/{ANALYST}") == 403
    password = deploy.secret_value(kube, NAMESPACE, "airflow-generated", "admin-password")
    assert roles(AirflowApi(url, "admin", password), ANALYST) == [REGISTRATION_ROLE]
