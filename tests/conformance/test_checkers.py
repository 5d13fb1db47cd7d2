"""Each conformance check fires on a minimal bad manifest and stays quiet on a minimal good one.

The checkers guard the synthesized manifests, so they are only trustworthy if every rule is
proven to fire: each case below starts from a known-good fixture and breaks exactly one thing.
"""

import copy
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from .manifests import all_containers, load_dir, load_texts, pod_specs
from .names import name_violations
from .pod_security import restricted_violations
from .references import reference_violations, secret_references
from .secrets_scan import secret_material_violations

DELETE = object()


def load(text: str) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(textwrap.dedent(text)) if doc]


def set_path(doc: dict[str, Any], path: str, value: Any) -> None:
    """Set (or with DELETE remove) a dotted path such as ``spec.containers.0.name``."""
    *parents, last = path.split(".")
    node: Any = doc
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
    key: Any = int(last) if isinstance(node, list) else last
    if value is DELETE:
        del node[key]
    else:
        node[key] = value


def mutate(docs: list[dict[str, Any]], target: str, path: str, value: Any) -> list[dict]:
    """A deep copy of ``docs`` with ``path`` changed in the doc named ``Kind/name``."""
    docs = copy.deepcopy(docs)
    kind, name = target.split("/")
    doc = next(d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name)
    set_path(doc, path, value)
    return docs


def assert_fires(violations: list[str], fragment: str) -> None:
    assert any(fragment in v for v in violations), f"no violation with {fragment!r}: {violations}"


# --- manifests -----------------------------------------------------------------------------------

POD = load(
    """
    apiVersion: v1
    kind: Pod
    metadata: {name: p, namespace: ns, labels: {app: p}}
    spec:
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
      - name: c
        image: i
        ports: [{name: http, containerPort: 8080}]
        securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
      volumes: [{name: tmp, emptyDir: {}}]
    """
)

CRONJOB = load(
    """
    apiVersion: batch/v1
    kind: CronJob
    metadata: {name: cj}
    spec:
      schedule: "@daily"
      jobTemplate:
        spec:
          template:
            spec:
              initContainers: [{name: init, image: i}]
              containers: [{name: main, image: i}]
              ephemeralContainers: [{name: debug, image: i}]
    """
)


def test_pod_specs_and_all_containers_cover_cronjob_templates() -> None:
    [(where, spec)] = list(pod_specs(CRONJOB[0]))
    assert where == "CronJob cj: spec.jobTemplate.spec.template.spec"
    assert [c["name"] for c in all_containers(spec)] == ["init", "main", "debug"]


def test_load_dir_reads_multi_doc_files_and_texts(tmp_path: Path) -> None:
    (tmp_path / "a.k8s.yaml").write_text("kind: A\n---\n---\nkind: B\n")
    (tmp_path / "b.yaml").write_text("kind: List\nitems: [{kind: C}]\n")
    assert [d["kind"] for d in load_dir(tmp_path)] == ["A", "B", "C"]
    assert set(load_texts(tmp_path)) == {str(tmp_path / "a.k8s.yaml"), str(tmp_path / "b.yaml")}


# --- pod security --------------------------------------------------------------------------------

C0 = "spec.containers.0"
APPARMOR_KEY = "container.apparmor.security.beta.kubernetes.io/c"
RESTRICTED_BAD = [
    ("spec.securityContext.windowsOptions", {"hostProcess": True}, "hostProcess"),
    (f"{C0}.securityContext.windowsOptions", {"hostProcess": True}, "hostProcess"),
    ("spec.hostNetwork", True, "hostNetwork"),
    ("spec.hostPID", True, "hostPID"),
    ("spec.hostIPC", True, "hostIPC"),
    (f"{C0}.securityContext.privileged", True, "privileged"),
    (f"{C0}.securityContext.capabilities.add", ["SYS_ADMIN"], "capabilities.add"),
    (f"{C0}.securityContext.capabilities.add", ["CHOWN"], "capabilities.add"),
    (f"{C0}.securityContext.capabilities.drop", ["NET_RAW"], "capabilities.drop"),
    (f"{C0}.securityContext.capabilities", DELETE, "capabilities.drop"),
    ("spec.volumes.0", {"name": "h", "hostPath": {"path": "/"}}, "hostPath"),
    ("spec.volumes.0", {"name": "n", "nfs": {"server": "s", "path": "/"}}, "nfs"),
    (f"{C0}.ports.0.hostPort", 80, "hostPort"),
    (f"{C0}.livenessProbe", {"httpGet": {"host": "10.0.0.1", "port": 80}}, "httpGet.host"),
    (f"{C0}.lifecycle", {"preStop": {"tcpSocket": {"host": "h", "port": 1}}}, "tcpSocket.host"),
    ("metadata.annotations", {APPARMOR_KEY: "unconfined"}, "apparmor"),
    ("spec.securityContext.appArmorProfile", {"type": "Unconfined"}, "appArmorProfile"),
    (f"{C0}.securityContext.appArmorProfile", {"type": "Unconfined"}, "appArmorProfile"),
    ("spec.securityContext.seLinuxOptions", {"type": "spc_t"}, "seLinuxOptions"),
    (f"{C0}.securityContext.seLinuxOptions", {"user": "root"}, "user may not be set"),
    (f"{C0}.securityContext.seLinuxOptions", {"role": "sysadm_r"}, "role may not be set"),
    (f"{C0}.securityContext.procMount", "Unmasked", "procMount"),
    ("spec.securityContext.seccompProfile", {"type": "Unconfined"}, "seccompProfile"),
    (f"{C0}.securityContext.seccompProfile", {"type": "Unconfined"}, "seccompProfile"),
    ("spec.securityContext.seccompProfile", DELETE, "seccompProfile"),
    ("spec.securityContext.sysctls", [{"name": "kernel.msgmax", "value": "1"}], "sysctls"),
    (f"{C0}.securityContext.allowPrivilegeEscalation", True, "allowPrivilegeEscalation"),
    (f"{C0}.securityContext.allowPrivilegeEscalation", DELETE, "allowPrivilegeEscalation"),
    ("spec.securityContext.runAsNonRoot", False, "runAsNonRoot"),
    ("spec.securityContext.runAsNonRoot", DELETE, "runAsNonRoot"),
    (f"{C0}.securityContext.runAsNonRoot", False, "runAsNonRoot"),
    ("spec.securityContext.runAsUser", 0, "runAsUser"),
    (f"{C0}.securityContext.runAsUser", 0, "runAsUser"),
    ("spec.initContainers", [{"name": "init", "image": "i"}], "initContainers[0]"),
    ("spec.ephemeralContainers", [{"name": "dbg", "image": "i"}], "ephemeralContainers[0]"),
]

RESTRICTED_GOOD = [
    ("spec.securityContext.seccompProfile", {"type": "Localhost", "localhostProfile": "p"}),
    (f"{C0}.securityContext.capabilities.add", ["NET_BIND_SERVICE"]),
    ("spec.securityContext.sysctls", [{"name": "net.ipv4.tcp_keepalive_time", "value": "60"}]),
    ("metadata.annotations", {APPARMOR_KEY: "localhost/x"}),
    ("spec.securityContext.appArmorProfile", {"type": "RuntimeDefault"}),
    (f"{C0}.securityContext.seLinuxOptions", {"type": "container_t", "level": "s0:c1"}),
    (f"{C0}.securityContext.procMount", "Default"),
    ("spec.securityContext.runAsUser", 1000),
    ("spec.volumes.0", {"name": "v", "projected": {"sources": []}}),
    ("spec.volumes.0", {"name": "v", "image": {"reference": "r"}}),
]


@pytest.mark.parametrize(("path", "value", "fragment"), RESTRICTED_BAD)
def test_restricted_fires(path: str, value: Any, fragment: str) -> None:
    assert_fires(restricted_violations(mutate(POD, "Pod/p", path, value)), fragment)


@pytest.mark.parametrize(("path", "value"), RESTRICTED_GOOD)
def test_restricted_quiet(path: str, value: Any) -> None:
    assert restricted_violations(mutate(POD, "Pod/p", path, value)) == []


def test_restricted_container_level_settings_replace_pod_level_ones() -> None:
    docs = mutate(POD, "Pod/p", "spec.securityContext", {})
    set_path(docs[0], f"{C0}.securityContext.runAsNonRoot", True)
    set_path(docs[0], f"{C0}.securityContext.seccompProfile", {"type": "RuntimeDefault"})
    assert restricted_violations(docs) == []


def test_restricted_user_namespace_relaxes_run_as_user_and_non_root() -> None:
    docs = mutate(POD, "Pod/p", "spec.securityContext", {"runAsUser": 0})
    set_path(docs[0], f"{C0}.securityContext.seccompProfile", {"type": "RuntimeDefault"})
    assert restricted_violations(docs)
    set_path(docs[0], "spec.hostUsers", False)
    assert restricted_violations(docs) == []


def test_restricted_windows_pods_skip_linux_only_checks() -> None:
    docs = mutate(POD, "Pod/p", f"{C0}.securityContext", {})
    set_path(docs[0], "spec.securityContext.seccompProfile", DELETE)
    assert len(restricted_violations(docs)) == 3  # capabilities, seccomp, privilege escalation
    set_path(docs[0], "spec.os", {"name": "windows"})
    assert restricted_violations(docs) == []


def test_restricted_checks_cronjob_templates() -> None:
    assert_fires(restricted_violations(CRONJOB), "spec.jobTemplate.spec.template.spec")


# --- references ----------------------------------------------------------------------------------

BUNDLE = load(
    """
    {apiVersion: v1, kind: Namespace, metadata: {name: ns}}
    ---
    {apiVersion: v1, kind: ServiceAccount, metadata: {name: sa, namespace: ns}}
    ---
    apiVersion: v1
    kind: ConfigMap
    metadata: {name: cfg, namespace: ns}
    data: {app.cfg: x, mode: y}
    ---
    {apiVersion: rbac.authorization.k8s.io/v1, kind: Role, metadata: {name: r, namespace: ns}}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata: {name: rb, namespace: ns}
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
    subjects: [{kind: ServiceAccount, name: sa, namespace: ns}]
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web, namespace: ns}
    spec:
      selector:
        matchLabels: {app: web}
        matchExpressions: [{key: tier, operator: NotIn, values: [db]}]
      template:
        metadata: {labels: {app: web}}
        spec:
          serviceAccountName: sa
          imagePullSecrets: [{name: pull}]
          containers:
          - name: web
            image: i
            ports: [{name: http, containerPort: 8080}]
            readinessProbe: {httpGet: {port: http}}
            livenessProbe: {tcpSocket: {port: 8080}}
            env:
            - {name: MODE, valueFrom: {configMapKeyRef: {name: cfg, key: mode}}}
            - {name: OPT, valueFrom: {configMapKeyRef: {name: gone, key: k, optional: true}}}
            - {name: PW, valueFrom: {secretKeyRef: {name: db, key: password}}}
            - {name: OPT_PW, valueFrom: {secretKeyRef: {name: opt, key: k, optional: true}}}
            envFrom: [{configMapRef: {name: cfg}}, {secretRef: {name: env}}]
            volumeMounts:
            - {name: config, mountPath: /etc/app.cfg, subPath: app.cfg}
            - {name: certs, mountPath: /certs}
          volumes:
          - {name: config, configMap: {name: cfg}}
          - {name: certs, secret: {secretName: tls, items: [{key: tls.crt, path: tls.crt}]}}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: web, namespace: ns}
    spec:
      selector: {app: web}
      ports: [{name: http, port: 80, targetPort: http}, {name: alt, port: 8080}]
    ---
    apiVersion: apps/v1
    kind: StatefulSet
    metadata: {name: db, namespace: ns}
    spec:
      serviceName: db
      selector: {matchLabels: {app: db}}
      template:
        metadata: {labels: {app: db, tier: db}}
        spec:
          containers:
          - name: db
            image: i
            ports: [{name: pg, containerPort: 5432}]
            volumeMounts: [{name: data, mountPath: /data}]
      volumeClaimTemplates: [{metadata: {name: data}}]
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: db, namespace: ns}
    spec: {clusterIP: None, selector: {app: db}, ports: [{name: pg, port: 5432, targetPort: pg}]}
    ---
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata: {name: web, namespace: ns}
    spec:
      rules:
      - http:
          paths:
          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}
          - {path: /alt, pathType: Prefix, backend: {service: {name: web, port: {number: 8080}}}}
    """
)

WEB = "spec.template.spec.containers.0"
REFERENCES_BAD = [
    ("Deployment/web", "spec.selector.matchLabels.app", "other", "does not match"),
    ("Deployment/web", "spec.selector.matchExpressions.0.operator", "In", "does not match"),
    ("Deployment/web", "spec.selector", {}, "must not be empty"),
    ("Service/web", "spec.selector.app", "nope", "selects no pod template"),
    ("Service/web", "spec.ports.0.targetPort", "nope", "'nope'/TCP is not a containerPort"),
    ("Service/web", "spec.ports.1.port", 9999, "9999/TCP is not a containerPort"),
    ("Service/web", "spec.ports.1.protocol", "UDP", "8080/UDP is not a containerPort"),
    ("StatefulSet/db", "spec.serviceName", "nope", "Service 'nope' not found"),
    ("Service/db", "spec.clusterIP", DELETE, "not headless"),
    ("Service/db", "spec.selector.app", "web", "does not select this StatefulSet"),
    ("Deployment/web", "spec.template.spec.volumes.0.configMap.name", "nope", "'nope' not found"),
    (
        "Deployment/web",
        "spec.template.spec.volumes.0.configMap.items",
        [{"key": "missing", "path": "app.cfg"}],
        "has no key 'missing'",
    ),
    ("Deployment/web", f"{WEB}.env.0.valueFrom.configMapKeyRef.key", "k", "has no key 'k'"),
    ("Deployment/web", f"{WEB}.envFrom.0.configMapRef.name", "nope", "'nope' not found"),
    ("Deployment/web", f"{WEB}.volumeMounts.1.name", "nope", "no pod volume named 'nope'"),
    ("Deployment/web", f"{WEB}.volumeMounts.0.subPath", "x.cfg", "has no key 'x.cfg'"),
    ("Deployment/web", f"{WEB}.volumeMounts.1.mountPath", "/etc/app.cfg", "mounted twice"),
    ("Deployment/web", "spec.template.spec.serviceAccountName", "nope", "'nope' not found"),
    ("RoleBinding/rb", "roleRef.name", "nope", "Role 'nope' not found"),
    ("RoleBinding/rb", "subjects.0.name", "nope", "ServiceAccount ns/nope not found"),
    ("Ingress/web", "spec.rules.0.http.paths.0.backend.service.name", "nope", "not found"),
    ("Ingress/web", "spec.rules.0.http.paths.0.backend.service.port.name", "x", "not a port"),
    ("Ingress/web", "spec.rules.0.http.paths.1.backend.service.port.number", 1, "not a port"),
    ("ConfigMap/cfg", "metadata.namespace", "other", "Namespace 'other' is not declared"),
    ("Deployment/web", f"{WEB}.readinessProbe.httpGet.port", "nope", "'nope' is not a port"),
    ("Deployment/web", f"{WEB}.livenessProbe.tcpSocket.port", 1234, "1234 is not a port"),
]


def test_references_quiet_on_good_bundle() -> None:
    assert reference_violations(BUNDLE) == []


@pytest.mark.parametrize(("target", "path", "value", "fragment"), REFERENCES_BAD)
def test_references_fire(target: str, path: str, value: Any, fragment: str) -> None:
    assert_fires(reference_violations(mutate(BUNDLE, target, path, value)), fragment)


def test_references_fire_on_duplicate_objects() -> None:
    assert_fires(reference_violations([*BUNDLE, copy.deepcopy(BUNDLE[2])]), "duplicate object")


def test_references_optional_configmaps_may_be_missing() -> None:
    docs = mutate(BUNDLE, "Deployment/web", "spec.template.spec.volumes.0.configMap.optional", True)
    set_path(docs[5], "spec.template.spec.volumes.0.configMap.name", "nope")
    assert reference_violations(docs) == []


def test_secret_references_collects_non_optional_secrets() -> None:
    assert secret_references(BUNDLE) == {
        ("ns", "pull", None),
        ("ns", "db", "password"),
        ("ns", "env", None),
        ("ns", "tls", "tls.crt"),
    }
    assert ("ns", "opt", "k") in secret_references(BUNDLE, include_optional=True)


# --- names ---------------------------------------------------------------------------------------

NAMES_BAD = [
    ("Deployment/web", "metadata.name", "d" * 48, "<= 47"),
    ("StatefulSet/db", "metadata.name", "s" * 53, "<= 52"),
    ("StatefulSet/db", "metadata.name", "db.1", "DNS-1123 label"),
    ("Service/web", "metadata.name", "1web", "DNS-1035"),
    ("Namespace/ns", "metadata.name", "a.b", "DNS-1123 label"),
    ("ConfigMap/cfg", "metadata.name", "Bad_Name", "DNS-1123 subdomain"),
    ("ConfigMap/cfg", "metadata.labels", {"app": "a b"}, "invalid label value"),
    ("ConfigMap/cfg", "metadata.labels", {"app": "v" * 64}, "invalid label value"),
    ("ConfigMap/cfg", "metadata.labels", {"version": 3}, "invalid label value"),
    ("ConfigMap/cfg", "metadata.labels", {"Bad_Prefix/x": "a"}, "invalid key"),
    ("ConfigMap/cfg", "metadata.labels", {"k" * 64: "a"}, "invalid key"),
    ("ConfigMap/cfg", "metadata.annotations", {"-x": "a"}, "invalid key"),
    ("ConfigMap/cfg", "metadata.annotations", {"replicas": 3}, "must be a string"),
    ("Deployment/web", "spec.template.metadata.labels.app", "-web", "invalid label value"),
    ("Deployment/web", "spec.selector.matchLabels.app", "-web", "invalid label value"),
    ("Service/web", "spec.selector", {"app": "-web"}, "invalid label value"),
    ("Deployment/web", f"{WEB}.name", "Web", "DNS-1123 label"),
    ("Deployment/web", f"{WEB}.ports.0.name", "http-metrics-long", "IANA_SVC_NAME"),
    ("Deployment/web", f"{WEB}.ports.0.name", "8080", "IANA_SVC_NAME"),
    ("Deployment/web", f"{WEB}.ports.0.name", "a--b", "IANA_SVC_NAME"),
    ("Deployment/web", "spec.template.spec.volumes.0.name", "Data_1", "DNS-1123 label"),
    ("Deployment/web", "spec.template.spec.volumes.1.name", "config", "duplicate volume"),
    ("Deployment/web", f"{WEB}.env.0.name", "A=B", "not a valid env var name"),
    ("Deployment/web", f"{WEB}.env.0.name", "", "not a valid env var name"),
    ("Deployment/web", "spec.template.spec.initContainers", [{"name": "web"}], "duplicate"),
    ("Service/web", "spec.ports.0.name", DELETE, "required with >1 port"),
    ("Service/web", "spec.ports.0.targetPort", "HTTP", "IANA_SVC_NAME"),
]

JOBS = load(
    """
    {apiVersion: batch/v1, kind: Job, metadata: {name: job}}
    ---
    {apiVersion: batch/v1, kind: CronJob, metadata: {name: cron}}
    """
)


def test_names_quiet_on_good_bundle() -> None:
    docs = mutate(BUNDLE, "Deployment/web", f"{WEB}.env.0.name", "my.var-1")  # relaxed names
    set_path(docs[5], f"{WEB}.ports.0.name", "metrics-2")
    assert name_violations([*docs, *JOBS]) == []


@pytest.mark.parametrize(("target", "path", "value", "fragment"), NAMES_BAD)
def test_names_fire(target: str, path: str, value: Any, fragment: str) -> None:
    assert_fires(name_violations(mutate(BUNDLE, target, path, value)), fragment)


@pytest.mark.parametrize(("target", "length"), [("Job/job", 64), ("CronJob/cron", 53)])
def test_names_fire_on_long_job_names(target: str, length: int) -> None:
    assert_fires(name_violations(mutate(JOBS, target, "metadata.name", "j" * length)), "<=")


# --- secret material -----------------------------------------------------------------------------

RANDOM_TOKEN = "x7Kq9ZpL2mNv4RtW8yBc3DfH6jGs1QaE5uXo"  # 36 chars, high entropy, synthetic
ENV_POD = load(
    """
    apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      containers:
      - name: c
        env:
        - {name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}
        - {name: BROKER_PASSWORD, value: $(DB_PASSWORD)}
        - {name: AIRFLOW__LOGGING__REMOTE_LOG_CONN_ID, value: s3_logs}
        - {name: AIRFLOW__SECRETS__BACKEND, value: airflow.secrets.local_filesystem.Backend}
        - {name: AIRFLOW__CORE__FERNET_KEY_CMD, value: cat /run/secrets/fernet}
        - {name: AIRFLOW__DATABASE__SQL_ALCHEMY_CONN, value: "postgresql://u:$(DB_PASSWORD)@db/a"}
        - {name: API_TOKEN_TTL, value: "3600"}
        - {name: SECRET_LABELS, value: '{"app": "airflow"}'}
    """
)

RAW_BAD = [
    # split literals keep repository secret scanners from flagging this test file itself
    ("-----BEGIN RSA " + "PRIVATE KEY-----", "PEM private key"),
    ("key: -----BEGIN OPENSSH " + "PRIVATE KEY-----", "PEM private key"),
    ("fernet: " + "A" * 43 + "=", "Fernet key"),
    ("url: postgresql://airflow:hunter2@db:5432/airflow", "password in URL"),
    ("id: AKIA" + "IOSFODNN7EXAMPLE", "AWS access key id"),
    ("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AWS secret access key"),
    (f"token: {RANDOM_TOKEN}", "high-entropy token"),
]

RAW_GOOD = [
    "image: apache/airflow:3.0.2@sha256:" + "a1B2" * 16,
    f"    checksum/config: {RANDOM_TOKEN}",
    f"    checksum/secrets: {RANDOM_TOKEN}",
    "url: redis://:$(REDIS_PASSWORD)@redis:6379/0",
    "url: postgresql://airflow:${DB_PASSWORD}@db/airflow",
    "url: http://airflow-api-server:8080/execution/",
    "name: AIRFLOW__KUBERNETES_EXECUTOR__WORKER_PODS_CREATION_BATCH_SIZE",
    "path: /opt/airflow/dags/repo/tests/system/providers/cncf/kubernetes",
]


def test_secret_scan_quiet_on_references() -> None:
    assert secret_material_violations(ENV_POD, {"f.yaml": yaml.safe_dump_all(ENV_POD)}) == []


@pytest.mark.parametrize(
    ("name", "value"),
    [("AIRFLOW__CORE__FERNET_KEY", "k"), ("AIRFLOW_CONN_DB", "sqlite://"), ("APIKEY", "abc")],
)
def test_secret_scan_fires_on_literal_sensitive_env(name: str, value: str) -> None:
    docs = mutate(ENV_POD, "Pod/p", "spec.containers.0.env.1", {"name": name, "value": value})
    assert_fires(secret_material_violations(docs, {}), f"literal value for sensitive {name}")


def test_secret_scan_allows_reviewed_env_names() -> None:
    env = {"name": "SECRET_KEYS", "value": '{"fernet-key": "fernet"}'}
    docs = mutate(ENV_POD, "Pod/p", "spec.containers.0.env.1", env)
    assert_fires(secret_material_violations(docs, {}), "SECRET_KEYS")
    assert secret_material_violations(docs, {}, allowed_env_names={"SECRET_KEYS"}) == []


@pytest.mark.parametrize("data", [{"data": {"k": "dg=="}}, {"stringData": {"k": "v"}}])
def test_secret_scan_fires_on_secret_with_data(data: dict[str, Any]) -> None:
    secret = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, **data}
    assert_fires(secret_material_violations([secret], {}), "Secret s")
    assert secret_material_violations([{**secret, **{key: {} for key in data}}], {}) == []


@pytest.mark.parametrize(("line", "fragment"), RAW_BAD)
def test_secret_scan_fires_on_raw_text(line: str, fragment: str) -> None:
    violations = secret_material_violations([], {"out.yaml": f"kind: ConfigMap\n{line}\n"})
    assert_fires(violations, f"out.yaml:2: {fragment}")


@pytest.mark.parametrize("line", RAW_GOOD)
def test_secret_scan_quiet_on_raw_text(line: str) -> None:
    assert secret_material_violations([], {"out.yaml": line}) == []


# --- kubernetes-validate --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kube_validate() -> Any:
    from . import kube_validate

    return kube_validate


def test_supported_versions_are_newest_patch_per_minor(kube_validate: Any) -> None:
    from kubernetes_validate import utils

    versions = kube_validate.supported_versions()
    minors = [tuple(int(p) for p in v.split(".")[:2]) for v in versions]
    assert minors[0] == (1, 27) and minors == sorted(set(minors))
    assert versions[-1] == utils.latest_version()
    assert kube_validate.supported_versions(min_minor=999) == []


def test_validate_all_quiet_and_fires(kube_validate: Any) -> None:
    good = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {}}
    latest = kube_validate.supported_versions()[-1:]
    assert kube_validate.validate_all([good], latest) == []
    typo = {**good, "dta": {}}
    assert_fires(kube_validate.validate_all([typo], latest), "'dta' was unexpected")


def test_validate_all_reports_crds_and_removed_apis(kube_validate: Any) -> None:
    crd = {"apiVersion": "cert-manager.io/v1", "kind": "Certificate", "metadata": {"name": "c"}}
    versions = kube_validate.supported_versions()[-1:]
    unknown: list[str] = []
    assert kube_validate.validate_all([crd], versions, unknown) == []
    assert_fires(unknown, "cert-manager.io/v1 Certificate")
    assert_fires(kube_validate.validate_all([crd], versions), "Certificate")
    # The kinds bound in imports/ are left to the API server (the cluster tier), not unknown.
    bound = {"apiVersion": "keda.sh/v1alpha1", "kind": "ScaledObject", "metadata": {"name": "s"}}
    unknown.clear()
    assert kube_validate.validate_all([bound], versions, unknown) == [] == unknown
    removed = {
        "apiVersion": "flowcontrol.apiserver.k8s.io/v1beta3",
        "kind": "FlowSchema",
        "metadata": {"name": "fs"},
        "spec": {"priorityLevelConfiguration": {"name": "p"}},
    }
    assert_fires(kube_validate.validate_all([removed], ["1.31.0", "1.32.0"], []), "not served")


def test_a_linter_finding_is_accepted_only_as_listed() -> None:
    """tests/conformance/accepted.py: by tool, check, kind, name without the prefix."""
    from tests.conformance.accepted import POLARIS, unaccepted

    pull = {"kind": "Deployment", "name": "team-b-api-server", "check": "pullPolicyNotAlways"}
    assert unaccepted(POLARIS, [pull], "team-b") == []
    new = {**pull, "check": "hostNetworkSet"}
    assert unaccepted(POLARIS, [new], "team-b") == [new]
    flower = {"kind": "Deployment", "name": "airflow-flower", "check": "topologySpreadConstraint"}
    assert unaccepted(POLARIS, [flower], "airflow") == []
    assert unaccepted(POLARIS, [{**flower, "name": "airflow-api-server"}], "airflow") != []
