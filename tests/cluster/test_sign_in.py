"""LDAP sign-in against a real directory: slapd (tests/cluster/ldap/) in the deployment's
namespace, with a user in a group, and `auth: {type: ldap}` with a bind user whose password, like
the user's, has every character a shell or a URL could trip on. The api-server's /auth/token
signs the user in through FAB's LDAP code with python-ldap, registers them, and gives them the
role their group maps to; the first admin user, a database user, still gets a token."""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cluster import deploy, images
from tests.cluster.airflow_api import AirflowApi, sign_in_status
from tests.cluster.conftest import TIMINGS, built_for
from tests.cluster.kube import Kube

pytestmark = pytest.mark.cluster
NAMESPACE = "kat-ldap"
LDAP_PORT = 1389
BASE = "dc=example,dc=org"
ADMINS = f"cn=airflow-admins,ou=groups,{BASE}"
BIND_USER = f"cn=airflow-bind,{BASE}"
BIND_PASSWORD = "bind'\"/ @:%$x?#&=\\"
USER = "ada"
USER_PASSWORD = "ada'\"/ @:%$x?#&=\\"
AUTH = {
    "type": "ldap",
    "server": f"ldap://ldap:{LDAP_PORT}",
    "bind_user": BIND_USER,
    "bind_password": {"name": "ldap-bind", "key": "password"},
    "search": f"ou=people,{BASE}",
    "search_filter": f"(memberOf={ADMINS})",
    "user_registration": True,
    "user_registration_role": "Viewer",
    "roles_mapping": {ADMINS: ["Admin"]},
    "roles_sync_at_login": True,
}


def _password(secret: str) -> str:
    """An LDIF attribute value in base64 (`::`), which takes any character."""
    return base64.b64encode(secret.encode()).decode()


# The directory's base: its organization, the people and groups units, and a bind user for the
# search (test_oidc.py's directory starts the same).
DIRECTORY_BASE = f"""\
dn: {BASE}
objectClass: dcObject
objectClass: organization
o: Example
dc: example

dn: ou=people,{BASE}
objectClass: organizationalUnit
ou: people

dn: ou=groups,{BASE}
objectClass: organizationalUnit
ou: groups

dn: {BIND_USER}
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: airflow-bind
userPassword:: {_password(BIND_PASSWORD)}
"""
# The entries of this test: the user, one outside the group (the search filter keeps him out),
# and the group that the memberOf overlay turns into the user's `memberOf`.
ENTRIES = f"""\
{DIRECTORY_BASE}
dn: uid={USER},ou=people,{BASE}
objectClass: inetOrgPerson
uid: {USER}
cn: Ada Lovelace
givenName: Ada
sn: Lovelace
mail: ada@example.org
userPassword:: {_password(USER_PASSWORD)}

dn: uid=bob,ou=people,{BASE}
objectClass: inetOrgPerson
uid: bob
cn: Bob
sn: Outside
userPassword:: {_password(USER_PASSWORD)}

dn: {ADMINS}
objectClass: groupOfNames
cn: airflow-admins
member: uid={USER},ou=people,{BASE}
"""


def directory(namespace: str = NAMESPACE, entries: str = ENTRIES) -> list[dict[str, Any]]:
    """slapd with `entries` (which hold USER), ready once USER exists."""
    seeded = [
        *("ldapsearch", "-x", "-H", f"ldap://127.0.0.1:{LDAP_PORT}/"),
        *("-D", BIND_USER, "-w", BIND_PASSWORD, "-b", f"uid={USER},ou=people,{BASE}", "-s", "base"),
    ]
    container = {
        "name": "slapd",
        "image": images.SLAPD_IMAGE,
        "imagePullPolicy": "IfNotPresent",
        "securityContext": {**deploy.RESTRICTED, "readOnlyRootFilesystem": True},
        "ports": [{"containerPort": LDAP_PORT}],
        "readinessProbe": {"exec": {"command": seeded}, "periodSeconds": 2},
        "resources": {"requests": {"cpu": "20m", "memory": "32Mi"}, "limits": {"memory": "256Mi"}},
        "volumeMounts": [
            {"name": "data", "mountPath": "/var/lib/ldap-test"},
            {"name": "tmp", "mountPath": "/tmp"},
            {"name": "entries", "mountPath": "/seed", "readOnly": True},
        ],
    }
    volumes = [
        {"name": "data", "emptyDir": {}},
        {"name": "tmp", "emptyDir": {}},
        {"name": "entries", "configMap": {"name": "ldap-entries"}},
    ]
    seed = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "ldap-entries", "namespace": namespace},
        "data": {"entries.ldif": entries},
    }
    pod = deploy.service_with_pod(namespace, "ldap", container, LDAP_PORT, volumes=volumes)
    return [seed, *pod]


@pytest.fixture(scope="module")
def ldap_images(kube: Kube, cluster_images: dict[str, str]) -> dict[str, str]:
    figure = "ldap: python-ldap image and slapd built (cached) and loaded"
    return built_for(kube, figure, images.build_and_load_ldap)


@pytest.fixture(scope="module")
def signed_in(kube: Kube, ldap_images: dict[str, str], tmp_path_factory: Any) -> Iterator[str]:
    """The deployment with LDAP sign-in, converged; yields the api-server's URL."""
    kube.delete_namespace(NAMESPACE)
    folder: Path = tmp_path_factory.mktemp("ldap")
    dist = deploy.synthesize_values(
        folder, {"auth": AUTH}, "--image", images.AIRFLOW_IMAGE_LDAP, "--namespace", NAMESPACE,
        # The LDAP server runs inside the cluster: declared, as a user declares theirs.
        *deploy.declared(("ldap", [LDAP_PORT], None)),
    )  # fmt: skip
    try:
        kube.run("apply", "-f", str(dist / "0-namespace.k8s.yaml"))
        kube.run("create", "secret", "generic", "ldap-bind", "-n", NAMESPACE,
                 f"--from-literal=password={BIND_PASSWORD}")  # fmt: skip
        kube.apply_list(directory())
        begin = time.monotonic()
        deploy.apply(kube, dist)
        deploy.wait_converged(kube, NAMESPACE)
        TIMINGS["ldap: apply -> converged"] = time.monotonic() - begin
        yield deploy.service_url(kube, NAMESPACE, "airflow-api-server", 8080)
    except AssertionError as error:
        raise AssertionError(f"{error}\n{deploy.report(kube, NAMESPACE)}") from error
    finally:
        kube.delete_namespace(NAMESPACE)


def test_a_directory_user_signs_in_with_the_role_of_their_group(signed_in: str) -> None:
    """The first sign-in registers the user from the directory (names and mail from its
    attributes) with the role its group maps to, Admin, beside the registration role, Viewer
    (FAB gives both)."""
    api = AirflowApi(signed_in, USER, USER_PASSWORD)
    user = api.get(f"/auth/fab/v1/users/{USER}")
    assert sorted(r["name"] for r in user["roles"]) == ["Admin", "Viewer"], user
    assert (user["first_name"], user["last_name"], user["email"]) == (
        "Ada",
        "Lovelace",
        "ada@example.org",
    ), user
    assert api.get("/api/v2/dags")["total_entries"] >= 1


def test_a_wrong_password_is_refused_and_the_database_admin_still_signs_in(
    kube: Kube, signed_in: str
) -> None:
    """A wrong password, a user outside the search filter's group and an unknown user get 401;
    the admin user, a database user, still signs in (FAB tries the directory, then the
    database)."""
    assert sign_in_status(signed_in, USER, USER_PASSWORD[:-1]) == 401
    assert sign_in_status(signed_in, "bob", USER_PASSWORD) == 401
    # ...though the directory itself takes bob's password.
    whoami = kube.run(
        *("exec", "-n", NAMESPACE, "deploy/ldap", "--", "ldapwhoami", "-x"),
        *("-H", f"ldap://127.0.0.1:{LDAP_PORT}/", "-D", f"uid=bob,ou=people,{BASE}"),
        *("-w", USER_PASSWORD),
    )
    assert whoami.stdout.strip() == f"dn:uid=bob,ou=people,{BASE}", whoami
    assert sign_in_status(signed_in, "nobody", USER_PASSWORD) == 401
    password = deploy.secret_value(kube, NAMESPACE, "airflow-generated", "admin-password")
    admin = AirflowApi(signed_in, "admin", password)
    assert admin.get("/api/v2/dags")["total_entries"] >= 1
