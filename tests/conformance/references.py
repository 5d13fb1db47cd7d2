"""Cross-object references: every name one manifest uses must resolve to another manifest.

A dangling reference is accepted by the API server and only fails later at run time (a pod stuck
in ContainerCreating, a Service with no endpoints, a forbidden API call), so we catch it here.
Secrets are the exception: they are created at run time, so ``secret_references`` only collects
them for the caller to compare with the list of Secrets the library documents.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .manifests import (
    CLUSTER_SCOPED_KINDS,
    Doc,
    PodTemplate,
    api_group,
    container_label,
    containers_with_paths,
    describe,
    name_of,
    namespace_of,
    pod_templates,
)

SecretRef = tuple[str, str, str | None]
SELECTOR_KINDS = frozenset({"DaemonSet", "Deployment", "ReplicaSet", "StatefulSet"})
PROBE_FIELDS = ("livenessProbe", "readinessProbe", "startupProbe")


class Index:
    """Lookup tables over the docs so each check stays a short loop."""

    def __init__(self, docs: Iterable[Doc]) -> None:
        self.docs = [d for d in docs if isinstance(d, dict)]
        self.objects: dict[tuple[str, str, str], Doc] = {}
        self.templates: dict[str, list[PodTemplate]] = defaultdict(list)  # by namespace
        self.template_list: list[PodTemplate] = []  # in document order, for stable reports
        for doc in self.docs:
            self.objects.setdefault((str(doc.get("kind")), namespace_of(doc), name_of(doc)), doc)
            for template in pod_templates(doc):
                self.templates[namespace_of(doc)].append(template)
                self.template_list.append(template)

    def get(self, kind: str, namespace: str, name: str) -> Doc | None:
        return self.objects.get((kind, namespace, name))

    def of_kind(self, *kinds: str) -> Iterator[Doc]:
        return (d for d in self.docs if d.get("kind") in kinds)

    def all_templates(self) -> list[PodTemplate]:
        return self.template_list


# --- label selectors -----------------------------------------------------------------------------


def labels_match(match_labels: dict[str, Any], labels: dict[str, Any]) -> bool:
    """True when every ``match_labels`` pair is present in ``labels`` with the same value."""
    return all(k in labels and str(labels[k]) == str(v) for k, v in match_labels.items())


def _expression_matches(expression: Doc, labels: dict[str, Any]) -> bool:
    key, operator = expression.get("key"), expression.get("operator")
    values = {str(v) for v in expression.get("values") or []}
    present = key in labels
    if operator == "In":
        return present and str(labels[key]) in values
    if operator == "NotIn":
        return not present or str(labels[key]) not in values
    if operator == "Exists":
        return present
    if operator == "DoesNotExist":
        return not present
    return False


def selector_matches(selector: Doc, labels: dict[str, Any]) -> bool:
    """Evaluate a metav1.LabelSelector (matchLabels + matchExpressions) against labels."""
    expressions = selector.get("matchExpressions") or []
    return labels_match(selector.get("matchLabels") or {}, labels) and all(
        _expression_matches(e, labels) for e in expressions
    )


def check_workload_selectors(index: Index) -> list[str]:
    """A controller whose selector misses its own template is rejected or orphans its pods."""
    out = []
    for doc in index.of_kind(*SELECTOR_KINDS):
        spec = doc.get("spec") or {}
        selector = spec.get("selector") or {}
        labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels") or {}
        if not selector.get("matchLabels") and not selector.get("matchExpressions"):
            out.append(f"{describe(doc)}: spec.selector: must not be empty")
        elif not selector_matches(selector, labels):
            message = "does not match spec.template.metadata.labels"
            out.append(f"{describe(doc)}: spec.selector: {selector} {message} {labels}")
    return out


# --- services ------------------------------------------------------------------------------------


def _declared_ports(template: PodTemplate) -> Iterator[Doc]:
    """containerPort entries of init (sidecar) and regular containers."""
    for _, container in containers_with_paths(template.spec):
        yield from container.get("ports") or []


def _port_matches(port: Doc, target: Any, protocol: str) -> bool:
    if port.get("protocol", "TCP") != protocol:
        return False
    if isinstance(target, str):
        return port.get("name") == target
    return port.get("containerPort") == target


def template_has_port(template: PodTemplate, target: Any, protocol: str = "TCP") -> bool:
    """True when a container of ``template`` declares ``target`` (port name or number)."""
    return any(_port_matches(p, target, protocol) for p in _declared_ports(template))


def selected_templates(index: Index, service: Doc) -> list[PodTemplate]:
    selector = (service.get("spec") or {}).get("selector") or {}
    candidates = index.templates.get(namespace_of(service), [])
    return [t for t in candidates if selector and labels_match(selector, t.labels)]


def _service_port_violations(service: Doc, templates: list[PodTemplate]) -> Iterator[str]:
    for i, port in enumerate((service.get("spec") or {}).get("ports") or []):
        target = port.get("targetPort", port.get("port"))
        protocol = port.get("protocol", "TCP")
        for template in templates:
            if not template_has_port(template, target, protocol):
                owner = describe(template.owner)
                message = f"{target!r}/{protocol} is not a containerPort of {owner}"
                yield f"{describe(service)}: spec.ports[{i}].targetPort: {message}"


def check_services(index: Index) -> list[str]:
    """A selector that matches nothing, or a targetPort no pod declares, means no endpoints."""
    out: list[str] = []
    for service in index.of_kind("Service"):
        spec = service.get("spec") or {}
        if not spec.get("selector") or spec.get("type") == "ExternalName":
            continue
        templates = selected_templates(index, service)
        if not templates:
            message = f"{spec['selector']} selects no pod template in its namespace"
            out.append(f"{describe(service)}: spec.selector: {message}")
        out.extend(_service_port_violations(service, templates))
    return out


def check_statefulset_services(index: Index) -> list[str]:
    """The governing Service must exist, be headless and select the pods for stable DNS."""
    out = []
    for sts in index.of_kind("StatefulSet"):
        service_name = (sts.get("spec") or {}).get("serviceName")
        if not service_name:
            continue
        where = f"{describe(sts)}: spec.serviceName"
        service = index.get("Service", namespace_of(sts), service_name)
        if service is None:
            out.append(f"{where}: Service {service_name!r} not found in the same namespace")
            continue
        if (service.get("spec") or {}).get("clusterIP") != "None":
            out.append(f"{where}: Service {service_name!r} is not headless (clusterIP: None)")
        if not any(t.owner is sts for t in selected_templates(index, service)):
            out.append(f"{where}: Service {service_name!r} does not select this StatefulSet's pods")
    return out


# --- ConfigMaps and Secrets ----------------------------------------------------------------------


def _configmap_keys(configmap: Doc) -> set[str]:
    return set(configmap.get("data") or {}) | set(configmap.get("binaryData") or {})


def _configmap_violations(
    index: Index, namespace: str, where: str, ref: Doc, keys: Iterable[str]
) -> list[str]:
    """A non-optional ConfigMap reference must resolve, and so must every key it names."""
    if ref.get("optional") is True:
        return []
    name = ref.get("name", "")
    configmap = index.get("ConfigMap", namespace, name)
    if configmap is None:
        return [f"{where}: ConfigMap {name!r} not found in the same namespace"]
    missing = sorted(set(keys) - _configmap_keys(configmap))
    return [f"{where}: ConfigMap {name!r} has no key {key!r}" for key in missing]


def _item_keys(source: Doc) -> list[str]:
    return [str(item.get("key")) for item in source.get("items") or []]


def _volume_configmap_refs(template: PodTemplate) -> Iterator[tuple[str, Doc, list[str]]]:
    """(field path, configMap source, keys it names) for plain and projected volumes."""
    for i, volume in enumerate(template.spec.get("volumes") or []):
        path = f"{template.where}.volumes[{i}]"
        if isinstance(volume.get("configMap"), dict):
            yield f"{path}.configMap", volume["configMap"], _item_keys(volume["configMap"])
        sources = (volume.get("projected") or {}).get("sources") or []
        for j, source in enumerate(sources):
            if isinstance(source.get("configMap"), dict):
                cm = source["configMap"]
                yield f"{path}.projected.sources[{j}].configMap", cm, _item_keys(cm)


def _env_configmap_refs(template: PodTemplate) -> Iterator[tuple[str, Doc, list[str]]]:
    """(field path, reference, keys) for env valueFrom.configMapKeyRef and envFrom.configMapRef."""
    for cpath, container in containers_with_paths(template.spec):
        path = f"{template.where}.{cpath}"
        for i, env in enumerate(container.get("env") or []):
            ref = (env.get("valueFrom") or {}).get("configMapKeyRef")
            if isinstance(ref, dict):
                yield f"{path}.env[{i}].valueFrom.configMapKeyRef", ref, [str(ref.get("key"))]
        for i, env_from in enumerate(container.get("envFrom") or []):
            if isinstance(env_from.get("configMapRef"), dict):
                yield f"{path}.envFrom[{i}].configMapRef", env_from["configMapRef"], []


def check_configmap_references(index: Index) -> list[str]:
    """Missing ConfigMaps or keys leave pods in CreateContainerConfigError/ContainerCreating."""
    out = []
    for template in index.all_templates():
        ns = namespace_of(template.owner)
        refs = [*_volume_configmap_refs(template), *_env_configmap_refs(template)]
        for where, ref, keys in refs:
            out.extend(_configmap_violations(index, ns, where, ref, keys))
    return out


def _keyed_refs(name: str, source: Doc) -> Iterator[tuple[str, str | None]]:
    keys = _item_keys(source)
    if not keys:
        yield name, None
    for key in keys:
        yield name, key


def _pod_secret_refs(spec: Doc) -> Iterator[tuple[Doc, str, str | None]]:
    """(reference dict carrying ``optional``, secret name, key or None) inside one pod spec."""
    for volume in spec.get("volumes") or []:
        secret = volume.get("secret")
        if isinstance(secret, dict):
            for name, key in _keyed_refs(str(secret.get("secretName", "")), secret):
                yield secret, name, key
        for source in (volume.get("projected") or {}).get("sources") or []:
            secret = source.get("secret")
            if isinstance(secret, dict):
                for name, key in _keyed_refs(str(secret.get("name", "")), secret):
                    yield secret, name, key
    for _, container in containers_with_paths(spec):
        for env in container.get("env") or []:
            ref = (env.get("valueFrom") or {}).get("secretKeyRef")
            if isinstance(ref, dict):
                yield ref, str(ref.get("name", "")), str(ref.get("key"))
        for env_from in container.get("envFrom") or []:
            ref = env_from.get("secretRef")
            if isinstance(ref, dict):
                yield ref, str(ref.get("name", "")), None
    for pull_secret in spec.get("imagePullSecrets") or []:
        yield {}, str(pull_secret.get("name", "")), None


def _other_secret_refs(doc: Doc) -> Iterator[tuple[str, str | None]]:
    """Secret names used outside pod specs: ServiceAccount pull secrets and Ingress TLS."""
    if doc.get("kind") == "ServiceAccount":
        for pull_secret in doc.get("imagePullSecrets") or []:
            yield str(pull_secret.get("name", "")), None
    if doc.get("kind") == "Ingress":
        for tls in (doc.get("spec") or {}).get("tls") or []:
            if tls.get("secretName"):
                yield str(tls["secretName"]), None


def secret_references(docs: Iterable[Doc], include_optional: bool = False) -> set[SecretRef]:
    """Every ``(namespace, secret name, key or None)`` the docs need; None = the whole Secret.

    Covers secret and projected volumes, env secretKeyRef, envFrom secretRef, imagePullSecrets
    and Ingress TLS. References marked ``optional: true`` are left out unless asked for.
    """
    refs: set[SecretRef] = set()
    for doc in docs:
        ns = namespace_of(doc)
        for template in pod_templates(doc):
            for ref, name, key in _pod_secret_refs(template.spec):
                if include_optional or ref.get("optional") is not True:
                    refs.add((ns, name, key))
        refs.update((ns, name, key) for name, key in _other_secret_refs(doc))
    return refs


# --- volumes and mounts --------------------------------------------------------------------------


def _volumes(template: PodTemplate) -> dict[str, Doc]:
    """Pod volumes by name; a StatefulSet's volumeClaimTemplates count as volumes too."""
    volumes = {str(v.get("name")): v for v in template.spec.get("volumes") or []}
    if template.owner.get("kind") == "StatefulSet":
        for claim in (template.owner.get("spec") or {}).get("volumeClaimTemplates") or []:
            volumes.setdefault(name_of(claim), {"persistentVolumeClaim": {}})
    return volumes


def _subpath_violation(index: Index, template: PodTemplate, volume: Doc, sub_path: str) -> str:
    """Why ``sub_path`` cannot exist inside a configMap volume, or "" when it can."""
    source = volume.get("configMap")
    if not isinstance(source, dict) or source.get("optional") is True:
        return ""
    items = source.get("items") or []
    if items:
        paths = [str(item.get("path")) for item in items]
        if any(p == sub_path or p.startswith(sub_path.rstrip("/") + "/") for p in paths):
            return ""
        return f"is not one of the volume's items paths {paths}"
    configmap = index.get("ConfigMap", namespace_of(template.owner), str(source.get("name")))
    if configmap is None or sub_path in _configmap_keys(configmap):
        return ""
    return f"ConfigMap {source.get('name')!r} has no key {sub_path!r}"


def _container_mount_violations(
    index: Index, template: PodTemplate, path: str, container: Doc, volumes: dict[str, Doc]
) -> Iterator[str]:
    seen: set[str] = set()
    label = container_label(container)
    for i, mount in enumerate(container.get("volumeMounts") or []):
        where = f"{path}.volumeMounts[{i}]"
        name, mount_path = str(mount.get("name")), str(mount.get("mountPath"))
        if name not in volumes:
            yield f"{where}.name: no pod volume named {name!r} ({label})"
            continue
        if mount_path in seen:
            yield f"{where}.mountPath: {mount_path!r} is mounted twice ({label})"
        seen.add(mount_path)
        if mount.get("subPath"):
            problem = _subpath_violation(index, template, volumes[name], str(mount["subPath"]))
            if problem:
                yield f"{where}.subPath: {problem} ({label})"
    for i, device in enumerate(container.get("volumeDevices") or []):
        if str(device.get("name")) not in volumes:
            yield f"{path}.volumeDevices[{i}].name: no pod volume named {device.get('name')!r}"


def check_volume_mounts(index: Index) -> list[str]:
    """Mounts of unknown volumes are rejected; bad subPaths and duplicate paths fail at start."""
    out = []
    for template in index.all_templates():
        volumes = _volumes(template)
        for cpath, container in containers_with_paths(template.spec):
            path = f"{template.where}.{cpath}"
            out.extend(_container_mount_violations(index, template, path, container, volumes))
    return out


# --- RBAC ----------------------------------------------------------------------------------------


def check_service_accounts(index: Index) -> list[str]:
    """Pods with a missing ServiceAccount are never created (the ReplicaSet keeps failing)."""
    out = []
    for template in index.all_templates():
        name = template.spec.get("serviceAccountName") or template.spec.get("serviceAccount")
        ns = namespace_of(template.owner)
        if name and name != "default" and index.get("ServiceAccount", ns, name) is None:
            message = f"ServiceAccount {name!r} not found in the same namespace"
            out.append(f"{template.where}.serviceAccountName: {message}")
    return out


def _subject_violations(binding: Doc, index: Index) -> Iterator[str]:
    for i, subject in enumerate(binding.get("subjects") or []):
        if subject.get("kind") != "ServiceAccount" or subject.get("name") == "default":
            continue
        ns = str(subject.get("namespace") or namespace_of(binding))
        if index.get("ServiceAccount", ns, str(subject.get("name"))) is None:
            message = f"ServiceAccount {ns + '/' if ns else ''}{subject.get('name')} not found"
            yield f"{describe(binding)}: subjects[{i}]: {message}"


def check_role_bindings(index: Index) -> list[str]:
    """A binding to a missing Role or ServiceAccount silently grants nothing."""
    out = []
    for binding in index.of_kind("RoleBinding", "ClusterRoleBinding"):
        role_ref = binding.get("roleRef") or {}
        name = str(role_ref.get("name"))
        # ClusterRoles are not checked: bindings to built-ins (view, edit, ...) are legitimate.
        role_missing = index.get("Role", namespace_of(binding), name) is None
        if role_ref.get("kind") == "Role" and role_missing:
            out.append(f"{describe(binding)}: roleRef.name: Role {name!r} not found")
        out.extend(_subject_violations(binding, index))
    return out


# --- ingress -------------------------------------------------------------------------------------


def _ingress_backends(ingress: Doc) -> Iterator[tuple[str, Doc]]:
    spec = ingress.get("spec") or {}
    if (spec.get("defaultBackend") or {}).get("service"):
        yield "spec.defaultBackend.service", spec["defaultBackend"]["service"]
    for i, rule in enumerate(spec.get("rules") or []):
        for j, path in enumerate((rule.get("http") or {}).get("paths") or []):
            service = (path.get("backend") or {}).get("service")
            if service:
                yield f"spec.rules[{i}].http.paths[{j}].backend.service", service


def _service_has_port(service: Doc, port: Doc) -> bool:
    for candidate in (service.get("spec") or {}).get("ports") or []:
        if "name" in port and candidate.get("name") == port["name"]:
            return True
        if "number" in port and candidate.get("port") == port["number"]:
            return True
    return False


def check_ingress_backends(index: Index) -> list[str]:
    """An Ingress pointing at a missing Service or port answers 503 for that path."""
    out = []
    for ingress in index.of_kind("Ingress"):
        for where, backend in _ingress_backends(ingress):
            name, port = str(backend.get("name")), backend.get("port") or {}
            service = index.get("Service", namespace_of(ingress), name)
            if service is None:
                out.append(f"{describe(ingress)}: {where}.name: Service {name!r} not found")
            elif not _service_has_port(service, port):
                out.append(f"{describe(ingress)}: {where}.port: {port} not a port of {name!r}")
    return out


# --- identity ------------------------------------------------------------------------------------


def check_namespaces_exist(index: Index) -> list[str]:
    """When the bundle creates namespaces, every namespaced object must target one of them."""
    declared = {name_of(d) for d in index.of_kind("Namespace")}
    if not declared:
        return []
    return [
        f"{describe(doc)}: metadata.namespace: Namespace {namespace_of(doc)!r} is not declared"
        for doc in index.docs
        if doc.get("kind") not in CLUSTER_SCOPED_KINDS
        and namespace_of(doc)
        and namespace_of(doc) not in declared
    ]


def check_duplicates(index: Index) -> list[str]:
    """Two docs with the same identity silently overwrite each other on ``kubectl apply``."""
    seen: set[tuple[str, str, str, str]] = set()
    out = []
    for doc in index.docs:
        key = (api_group(doc), str(doc.get("kind")), namespace_of(doc), name_of(doc))
        if key in seen:
            out.append(f"{describe(doc)}: metadata.name: duplicate object (group {key[0]!r})")
        seen.add(key)
    return out


# --- probes --------------------------------------------------------------------------------------


def _probe_ports(container: Doc) -> Iterator[tuple[str, Any]]:
    for field in PROBE_FIELDS:
        probe = container.get(field) or {}
        for action in ("httpGet", "tcpSocket", "grpc"):
            if isinstance(probe.get(action), dict) and "port" in probe[action]:
                yield f"{field}.{action}.port", probe[action]["port"]


def _container_has_port(container: Doc, port: Any) -> bool:
    key = "name" if isinstance(port, str) else "containerPort"
    return any(p.get(key) == port for p in container.get("ports") or [])


def check_probe_ports(index: Index) -> list[str]:
    """A probe on an undeclared port is rejected (named) or probes the wrong thing (numbered)."""
    out = []
    for template in index.all_templates():
        for cpath, container in containers_with_paths(template.spec):
            for field, port in _probe_ports(container):
                if not _container_has_port(container, port):
                    label = container_label(container)
                    message = f"{port!r} is not a port of this container ({label})"
                    out.append(f"{template.where}.{cpath}.{field}: {message}")
    return out


REFERENCE_CHECKS: tuple[Callable[[Index], list[str]], ...] = (
    check_workload_selectors,
    check_services,
    check_statefulset_services,
    check_configmap_references,
    check_volume_mounts,
    check_service_accounts,
    check_role_bindings,
    check_ingress_backends,
    check_namespaces_exist,
    check_duplicates,
    check_probe_ports,
)


def reference_violations(docs: Iterable[Doc], props: Any = None) -> list[str]:
    """Every dangling or inconsistent reference between the docs (Secrets excepted), except to
    the ConfigMaps the user makes, as the `props` (a values mapping) name them."""
    index = Index(docs)
    given = user_objects(props, "config_map")
    return [
        violation
        for check in REFERENCE_CHECKS
        for violation in check(index)
        if not any(f"ConfigMap {name!r} not found" in violation for name in given)
    ]


def user_objects(props: Any, field: str) -> set[str]:
    """Names of the objects a values mapping refers to under `field` (a name, or a {name, key})."""
    if isinstance(props, list):
        return {name for value in props for name in user_objects(value, field)}
    if not isinstance(props, dict):
        return set()
    ref = props.get(field)
    own = {ref} if isinstance(ref, str) else {ref["name"]} if isinstance(ref, dict) else set()
    return own | {name for value in props.values() for name in user_objects(value, field)}
