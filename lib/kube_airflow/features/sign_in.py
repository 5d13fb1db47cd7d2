"""The api-server's sign-in and the cluster policies: `webserver_config.py` rendered from the
`auth` props (or your ConfigMap's), `airflow_local_settings.py` from your ConfigMap.

Every Airflow container mounts both files (pods/volumes.py). Secrets are never rendered: the file
reads them from env vars the api-server gets from Secrets.
"""

from __future__ import annotations

import pprint
import re
from typing import TYPE_CHECKING, Any

from cdk8s_plus_27 import k8s

if TYPE_CHECKING:
    from kube_airflow.props import AirflowProps
    from kube_airflow.props.auth import LdapAuthProps, OAuthProps, OAuthProviderProps

LDAP_CA_VOLUME = "ldap-ca"
LDAP_CA_DIR = "/etc/kube-airflow/ldap-ca"
LDAP_CA_FILE = "ca.crt"
LDAP_BIND_PASSWORD_ENV = "KUBE_AIRFLOW_LDAP_BIND_PASSWORD"

# The default (AUTH_DB): kept word for word, so deployments without `auth` do not roll.
DB_CONFIG = '''"""FAB auth manager settings (mounted: Airflow must not write its own)."""
from flask_appbuilder.const import AUTH_DB

AUTH_TYPE = AUTH_DB
WTF_CSRF_ENABLED = True
'''

# Endpoints of the providers whose user info FAB reads with code of its own
# (airflow.providers.fab ... security_manager.override.get_oauth_user_info).
_ICONS = {"google": "fa-google", "github": "fa-github", "azure": "fa-windows"}
_SCOPES = {
    "google": "email profile",
    "github": "read:user",
    "azure": "User.read name preferred_username email profile upn",
    "okta": "openid profile email groups",
    "keycloak": "openid email profile",
    "oidc": "openid email profile",
}


def client_secret_env(provider: OAuthProviderProps) -> str:
    return f"KUBE_AIRFLOW_OAUTH_{re.sub(r'[^A-Z0-9]', '_', provider.label.upper())}_SECRET"


def webserver_config(props: AirflowProps) -> str | None:
    """The rendered webserver_config.py; None when it comes from the user's ConfigMap."""
    auth = props.auth
    if auth.type == "db":
        return DB_CONFIG
    if auth.type == "oauth":
        return _render("AUTH_OAUTH", {"OAUTH_PROVIDERS": _oauth_providers(auth)}, auth)
    if auth.type == "ldap":
        return _render("AUTH_LDAP", _ldap(auth), auth)
    return None


def _render(auth_type: str, settings: dict[str, Any], auth: OAuthProps | LdapAuthProps) -> str:
    """Python source: literals by repr() (any character is safe), secrets by env var."""
    settings = {
        **settings,
        "AUTH_USER_REGISTRATION": auth.user_registration,
        "AUTH_USER_REGISTRATION_ROLE": auth.user_registration_role,
        "AUTH_ROLES_MAPPING": auth.roles_mapping,
        "AUTH_ROLES_SYNC_AT_LOGIN": auth.roles_sync_at_login,
    }
    lines = [
        '"""FAB auth manager settings, rendered by kube-airflow from the `auth` props.',
        "",
        "Secrets come from the api-server's environment (Secret keys), never from this file.",
        '"""',
        "import os",
        "",
        f"from flask_appbuilder.const import {auth_type}",
        "",
        f"AUTH_TYPE = {auth_type}",
        "WTF_CSRF_ENABLED = True",
        *(
            f"{key} = {pprint.pformat(value, width=99, sort_dicts=False)}"
            for key, value in settings.items()
        ),
    ]
    return "\n".join(lines) + "\n"


class _Env:
    """An env var read when the file is loaded. Only the api-server has it; other processes
    that load the FAB app (the first-user Job's CLI) get an empty string and never sign in."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"os.environ.get({self.name!r}, '')"


def _oauth_providers(auth: OAuthProps) -> list[dict[str, Any]]:
    return [
        {
            "name": p.label,
            "icon": _ICONS.get(p.provider, "fa-key"),
            "token_key": "access_token",
            "remote_app": {
                "client_id": p.client_id,
                "client_secret": _Env(client_secret_env(p)),
                "client_kwargs": _client_kwargs(p),
                **_endpoints(p),
            },
        }
        for p in auth.providers
    ]


def _client_kwargs(p: OAuthProviderProps) -> dict[str, str]:
    """What authlib's OAuth2 session is made with: the scopes, and how it sends the secret."""
    kwargs = {"scope": p.scope or _SCOPES[p.provider]}
    if p.token_endpoint_auth_method is not None:
        kwargs["token_endpoint_auth_method"] = p.token_endpoint_auth_method
    return kwargs


def _endpoints(p: OAuthProviderProps) -> dict[str, str]:
    if p.provider == "google":
        return {
            "api_base_url": "https://www.googleapis.com/oauth2/v2/",
            "access_token_url": "https://accounts.google.com/o/oauth2/token",
            "authorize_url": "https://accounts.google.com/o/oauth2/auth",
            "jwks_uri": "https://www.googleapis.com/oauth2/v3/certs",
        }
    if p.provider == "github":
        return {
            "api_base_url": "https://api.github.com/",
            "access_token_url": "https://github.com/login/oauth/access_token",
            "authorize_url": "https://github.com/login/oauth/authorize",
        }
    if p.provider == "azure":
        # Tenant-specific endpoints: FAB checks the id_token's issuer against this tenant.
        base = f"https://login.microsoftonline.com/{p.tenant_id}/oauth2"
        return {
            "api_base_url": base,
            "access_token_url": f"{base}/token",
            "authorize_url": f"{base}/authorize",
            "jwks_uri": "https://login.microsoftonline.com/common/discovery/v2.0/keys",
        }
    base = (p.base_url or "").rstrip("/")
    if p.provider == "okta":
        return {
            "api_base_url": f"{base}/oauth2/v1/",
            "access_token_url": f"{base}/oauth2/v1/token",
            "authorize_url": f"{base}/oauth2/v1/authorize",
            "server_metadata_url": f"{base}/.well-known/openid-configuration",
        }
    if p.provider == "keycloak":
        realm = f"{base}/realms/{p.realm}"
        return {
            # FAB asks `openid-connect/userinfo` relative to this.
            "api_base_url": f"{realm}/protocol/",
            "access_token_url": f"{realm}/protocol/openid-connect/token",
            "authorize_url": f"{realm}/protocol/openid-connect/auth",
            "jwks_uri": f"{realm}/protocol/openid-connect/certs",
            "server_metadata_url": f"{realm}/.well-known/openid-configuration",
        }
    # Generic OpenID Connect: authlib reads every endpoint from the metadata document, and FAB
    # its user info from the userinfo endpoint (groups claim -> role keys).
    assert p.server_metadata_url is not None
    return {"server_metadata_url": p.server_metadata_url}


def _ldap(auth: LdapAuthProps) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "AUTH_LDAP_SERVER": auth.server,
        "AUTH_LDAP_USE_TLS": auth.use_starttls,
        "AUTH_LDAP_SEARCH": auth.search,
        "AUTH_LDAP_SEARCH_FILTER": auth.search_filter or "",
        "AUTH_LDAP_UID_FIELD": auth.uid_field,
        "AUTH_LDAP_GROUP_FIELD": auth.group_field,
        "AUTH_LDAP_FIRSTNAME_FIELD": auth.firstname_field,
        "AUTH_LDAP_LASTNAME_FIELD": auth.lastname_field,
        "AUTH_LDAP_EMAIL_FIELD": auth.email_field,
    }
    if auth.bind_user is not None:
        settings["AUTH_LDAP_BIND_USER"] = auth.bind_user
        settings["AUTH_LDAP_BIND_PASSWORD"] = _Env(LDAP_BIND_PASSWORD_ENV)
    if auth.tls_ca is not None:
        settings["AUTH_LDAP_TLS_CACERTFILE"] = f"{LDAP_CA_DIR}/{LDAP_CA_FILE}"
        settings["AUTH_LDAP_TLS_DEMAND"] = True
    return settings


def api_server_env(props: AirflowProps) -> list[k8s.EnvVar]:
    """The secrets webserver_config.py reads: only the api-server signs users in."""
    auth = props.auth
    refs: list[tuple[str, str, str]] = []
    if auth.type == "oauth":
        refs = [
            (client_secret_env(p), p.client_secret.name, p.client_secret.key)
            for p in auth.providers
        ]
    elif auth.type == "ldap" and auth.bind_password is not None:
        refs = [(LDAP_BIND_PASSWORD_ENV, auth.bind_password.name, auth.bind_password.key)]
    return [
        k8s.EnvVar(
            name=env,
            value_from=k8s.EnvVarSource(secret_key_ref=k8s.SecretKeySelector(name=name, key=key)),
        )
        for env, name, key in refs
    ]


def api_server_volume(props: AirflowProps) -> k8s.Volume | None:
    """The LDAP server's CA bundle, from its Secret (only the api-server talks to LDAP)."""
    auth = props.auth
    if auth.type != "ldap" or auth.tls_ca is None:
        return None
    items = [k8s.KeyToPath(key=auth.tls_ca.key, path=LDAP_CA_FILE)]
    source = k8s.SecretVolumeSource(secret_name=auth.tls_ca.name, items=items)
    return k8s.Volume(name=LDAP_CA_VOLUME, secret=source)


def checksum_parts(props: AirflowProps) -> list[str]:
    """What rolls the pods when sign-in or the local settings change: the rendered file, or the
    names of the user's ConfigMaps (their content is not known at synth: restart after editing)."""
    parts = [webserver_config(props) or repr(props.auth.model_dump())]
    if props.local_settings is not None:
        parts.append(repr(props.local_settings.model_dump()))
    return parts
