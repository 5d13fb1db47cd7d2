"""The api-server's sign-in (the FAB auth manager's `webserver_config.py`) and the cluster
policies every Airflow process loads (`airflow_local_settings.py`).

Typed props mirror what the official chart's `apiServer.apiServerConfig` is used for (OAuth/OIDC,
LDAP, self-registration, role mapping), with every secret a Secret key the api-server reads from
its environment: nothing secret is written into the ConfigMap or dist/.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, model_validator

from kube_airflow.errors import Problem, located
from kube_airflow.props.kube import SecretKeyRef
from kube_airflow.props.model import Line, Model, Word, empty_dict, rule
from kube_airflow.props.pod_options import KeyRef

_HTTPS_URL = re.compile(r"^https://[^/\s?#]+(/\S*)?$")
_LDAP_URL = re.compile(r"^ldaps?://[^/\s?#:]+(:\d{1,5})?/?$")
# Provider names FAB's get_oauth_user_info reads with code of its own; a generic OIDC provider
# named like one of them would be read as that one.
OAUTH_PROVIDERS = ("google", "github", "azure", "okta", "keycloak")
_FAB_BUILTIN_NAMES = {*OAUTH_PROVIDERS, "githublocal", "twitter", "linkedin", "openshift"}
_FAB_BUILTIN_NAMES |= {"auth0", "keycloak_before_17", "authentik"}

HttpsUrl = Annotated[
    str, rule(lambda v: bool(_HTTPS_URL.match(v)), "must be an https:// URL without spaces")
]
LdapUrl = Annotated[
    str,
    rule(
        lambda v: bool(_LDAP_URL.match(v)),
        "must be an LDAP server URI: ldap://host[:port] or ldaps://host[:port]",
    ),
]
# A FAB role: a built-in one (Admin, Op, User, Viewer, Public) or one of `[fab] custom_roles`.
RoleName = Line
ProviderName = Annotated[
    str,
    rule(
        lambda v: bool(re.match(r"^[A-Za-z][A-Za-z0-9_]{0,62}$", v)),
        "must be a provider name: a letter, then letters, digits or '_' (at most 63)",
    ),
]


class OAuthProviderProps(Model):
    """One OAuth/OIDC identity provider offered on the login page."""

    provider: Literal["google", "github", "azure", "okta", "keycloak", "oidc"] = Field(
        description="google, github, azure, okta, keycloak (their endpoints are known), or oidc: "
        "any OpenID Connect provider, from its server_metadata_url."
    )
    name: ProviderName | None = Field(
        default=None,
        description="The provider's name on the login page and in user names; default the "
        "provider (required for oidc, and not one FAB reads with code of its own).",
    )
    client_id: Line = Field(description="The OAuth client id (not secret).")
    client_secret: SecretKeyRef = Field(
        description="Secret key holding the client secret; the api-server reads it from its env."
    )
    scope: Line | None = Field(default=None, description="Default the provider's usual scopes.")
    token_endpoint_auth_method: Literal["client_secret_basic", "client_secret_post"] | None = Field(
        default=None,
        description="How the client secret reaches the token endpoint. Default authlib's "
        "client_secret_basic, which puts it in the Authorization header without the form "
        "encoding RFC 6749 asks for: a provider that decodes it (Dex) refuses a secret with '%' "
        "or '+' (base64 has '+'). client_secret_post sends it form-encoded in the body.",
    )
    tenant_id: Word | None = Field(default=None, description="azure: the directory (tenant) id.")
    base_url: HttpsUrl | None = Field(
        default=None,
        description="okta: the org URL (https://example.okta.com); keycloak: the server URL "
        "(https://keycloak.example.com).",
    )
    realm: Word | None = Field(default=None, description="keycloak: the realm.")
    server_metadata_url: HttpsUrl | None = Field(
        default=None,
        description="oidc: the provider's .well-known/openid-configuration URL.",
    )

    @property
    def label(self) -> str:
        return self.name or self.provider

    @model_validator(mode="after")
    def _fields_of_its_provider(self) -> OAuthProviderProps:
        needs = {
            "azure": ("tenant_id",),
            "okta": ("base_url",),
            "keycloak": ("base_url", "realm"),
            "oidc": ("name", "server_metadata_url"),
        }.get(self.provider, ())
        problems: list[Problem] = [
            ((field,), f"is required with provider {self.provider}", None)
            for field in needs
            if getattr(self, field) is None
        ]
        problems += [
            ((field,), f"is not an option of provider {self.provider}", getattr(self, field))
            for field in ("tenant_id", "base_url", "realm", "server_metadata_url")
            if field not in needs and getattr(self, field) is not None
        ]
        if self.provider == "oidc" and self.name in _FAB_BUILTIN_NAMES:
            message = "FAB reads a provider of this name with code of its own: choose another"
            problems.append((("name",), message, self.name))
        if problems:
            raise located(problems)
        return self


class ExternalAuthProps(Model):
    """What sign-in through an identity provider adds: users made at first login, roles mapped
    from the provider's groups."""

    user_registration: bool = Field(
        default=False,
        description="AUTH_USER_REGISTRATION: create a user at their first sign-in.",
    )
    user_registration_role: RoleName = Field(
        default="Public",
        description="AUTH_USER_REGISTRATION_ROLE: the role of a user created at first sign-in.",
    )
    roles_mapping: dict[Line, list[RoleName]] = Field(
        default_factory=empty_dict,
        description="AUTH_ROLES_MAPPING: provider group (an LDAP group DN, an OAuth group "
        "claim) -> FAB roles.",
    )
    roles_sync_at_login: bool = Field(
        default=False,
        description="AUTH_ROLES_SYNC_AT_LOGIN: replace a user's roles from roles_mapping at "
        "every sign-in.",
    )


class DbAuthProps(Model):
    """Users and passwords in Airflow's database (FAB's AUTH_DB), the default."""

    type: Literal["db"] = "db"


class OAuthProps(ExternalAuthProps):
    """Sign-in with OAuth 2 / OpenID Connect providers (FAB's AUTH_OAUTH); the image needs
    authlib (`apache-airflow-providers-fab[oauth]`)."""

    type: Literal["oauth"] = "oauth"
    providers: list[OAuthProviderProps] = Field(
        min_length=1, description="The providers offered on the login page."
    )

    @model_validator(mode="after")
    def _unique_names(self) -> OAuthProps:
        labels = [p.label for p in self.providers]
        problems: list[Problem] = [
            (("providers", i, "name"), "is given twice: each provider needs its own name", label)
            for i, label in enumerate(labels)
            if label in labels[:i]
        ]
        if problems:
            raise located(problems)
        return self


class LdapAuthProps(ExternalAuthProps):
    """Sign-in against an LDAP directory (FAB's AUTH_LDAP); the image needs python-ldap."""

    type: Literal["ldap"] = "ldap"
    server: LdapUrl = Field(description="AUTH_LDAP_SERVER: ldap://host[:port] or ldaps://...")
    use_starttls: bool = Field(
        default=False, description="AUTH_LDAP_USE_TLS: StartTLS on an ldap:// connection."
    )
    tls_ca: SecretKeyRef | None = Field(
        default=None,
        description="Secret key holding the CA bundle the server's certificate is checked "
        "against (ldaps:// or StartTLS); default the image's system CAs.",
    )
    bind_user: Line | None = Field(
        default=None,
        description="AUTH_LDAP_BIND_USER: the DN searching for users; none binds as the user.",
    )
    bind_password: SecretKeyRef | None = Field(
        default=None, description="Secret key holding the bind user's password."
    )
    search: Line = Field(description="AUTH_LDAP_SEARCH: where users are, e.g. ou=people,dc=x.")
    search_filter: Line | None = Field(
        default=None,
        description="AUTH_LDAP_SEARCH_FILTER, e.g. (memberOf=cn=airflow,ou=groups,dc=x).",
    )
    uid_field: Word = Field(default="uid", description="AUTH_LDAP_UID_FIELD.")
    group_field: Word = Field(default="memberOf", description="AUTH_LDAP_GROUP_FIELD.")
    firstname_field: Word = Field(default="givenName", description="AUTH_LDAP_FIRSTNAME_FIELD.")
    lastname_field: Word = Field(default="sn", description="AUTH_LDAP_LASTNAME_FIELD.")
    email_field: Word = Field(default="mail", description="AUTH_LDAP_EMAIL_FIELD.")

    @model_validator(mode="after")
    def _consistent(self) -> LdapAuthProps:
        problems: list[Problem] = []
        if self.bind_user is not None and self.bind_password is None:
            message = "is required with bind_user: the Secret key holding its password"
            problems.append((("bind_password",), message, None))
        if self.bind_user is None and self.bind_password is not None:
            message = "is required with bind_password: the DN that password belongs to"
            problems.append((("bind_user",), message, None))
        if self.use_starttls and self.server.startswith("ldaps://"):
            message = "StartTLS is for ldap://; ldaps:// is TLS already: drop one of them"
            problems.append((("use_starttls",), message, True))
        if self.tls_ca is not None and not (self.use_starttls or self.server.startswith("ldaps:")):
            message = "a CA bundle needs TLS: use ldaps:// or use_starttls: true"
            problems.append((("tls_ca",), message, self.tls_ca.name))
        if problems:
            raise located(problems)
        return self


class ConfigMapAuthProps(Model):
    """Your own `webserver_config.py`, from a key of a ConfigMap you create (the official
    chart's apiServerConfigConfigMapName); give its secrets with `api_server.env`."""

    type: Literal["config_map"] = "config_map"
    config_map: KeyRef = Field(description="The ConfigMap and key holding webserver_config.py.")


AuthProps = Annotated[
    DbAuthProps | OAuthProps | LdapAuthProps | ConfigMapAuthProps, Field(discriminator="type")
]


class LocalSettingsProps(Model):
    """Your `airflow_local_settings.py` (cluster policies, pod_mutation_hook, ...), from a key of
    a ConfigMap you create, mounted as `$AIRFLOW_HOME/config/airflow_local_settings.py` in every
    Airflow process: the roles, the Jobs and the KubernetesExecutor's task pods."""

    config_map: KeyRef = Field(description="The ConfigMap and key holding the file.")
