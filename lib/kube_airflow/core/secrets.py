"""Where every secret value comes from: a Secret the user names, or one key of the Secret that the
bootstrap Job generates once, in the cluster. dist/ only ever holds references.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cdk8s_plus_27 import k8s

if TYPE_CHECKING:
    from kube_airflow.core.naming import Names
    from kube_airflow.props import AirflowProps, SecretKeyRef

# How the bootstrap script makes each kind of value.
FERNET = "fernet"  # 32 random bytes, urlsafe base64: what cryptography.fernet.Fernet expects
TOKEN = "token"  # 32 random bytes, urlsafe base64 without padding: passwords and signing keys
BASIC_AUTH = "basic-auth"  # `flower:<token>`, what Flower's --basic-auth takes


@dataclass(frozen=True)
class Ref:
    """A (Secret name, key) pair an env var or volume reads."""

    name: str
    key: str

    def env(self, var: str) -> k8s.EnvVar:
        return k8s.EnvVar(
            name=var,
            value_from=k8s.EnvVarSource(
                secret_key_ref=k8s.SecretKeySelector(name=self.name, key=self.key)
            ),
        )


@dataclass
class SecretPlan:
    """Resolves each secret to a Ref and records which keys the bootstrap Job must generate."""

    names: Names
    generate: dict[str, str] = field(default_factory=dict)

    def resolve(self, given: SecretKeyRef | None, key: str, kind: str = TOKEN) -> Ref:
        if given is not None:
            return Ref(given.name, given.key)
        self.generate[key] = kind
        return Ref(self.names.generated_secret, key)


@dataclass(frozen=True)
class AirflowSecrets:
    """The resolved references of one deployment."""

    fernet_key: Ref
    api_secret_key: Ref
    jwt_secret: Ref
    database_password: Ref | None
    database_connection: Ref | None
    broker_password: Ref | None
    broker_url: Ref | None
    celery_results_password: Ref | None
    result_backend_url: Ref | None
    admin_password: Ref | None
    flower_basic_auth: Ref | None
    generated: dict[str, str]


def resolve(props: AirflowProps, names: Names) -> AirflowSecrets:
    plan = SecretPlan(names)
    db, broker = props.database, props.broker
    db_conn = db.connection if db.type == "external" else None
    return AirflowSecrets(
        fernet_key=plan.resolve(props.secrets.fernet_key, "fernet-key", FERNET),
        api_secret_key=plan.resolve(props.secrets.api_secret_key, "api-secret-key"),
        jwt_secret=plan.resolve(props.secrets.jwt_secret, "jwt-secret"),
        database_password=None if db_conn else plan.resolve(db.password, "postgres-password"),
        database_connection=Ref(db_conn.name, db_conn.key) if db_conn else None,
        broker_password=(
            plan.resolve(broker.password, "broker-password")
            if props.celery and broker.type != "external"
            else None
        ),
        broker_url=(
            Ref(broker.url.name, broker.url.key)
            if props.celery and broker.type == "external"
            else None
        ),
        celery_results_password=(
            plan.resolve(props.result_backend.password, "celery-results-password")
            if props.results == "database_role"
            else None
        ),
        result_backend_url=(
            Ref(props.result_backend.url.name, props.result_backend.url.key)
            if props.results == "external" and props.result_backend.url is not None
            else None
        ),
        admin_password=(
            plan.resolve(props.admin_user.password, "admin-password")
            if props.admin_user.enabled
            else None
        ),
        flower_basic_auth=(
            plan.resolve(props.flower.basic_auth, "flower-basic-auth", BASIC_AUTH)
            if props.flower.enabled
            else None
        ),
        generated=dict(sorted(plan.generate.items())),
    )
