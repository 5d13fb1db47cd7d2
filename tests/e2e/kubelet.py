"""A small kubelet on podman: runs synthesized manifests as faithfully as this machine allows.

What it emulates, per pod: one podman pod (shared network namespace) with a static IP on one podman
network per namespace; the kubelet's /etc/hosts (a StatefulSet pod's FQDN under its headless
Service), cluster DNS (every Service name and `<pod>.<service>` resolves through the network's DNS,
with Kubernetes' search path and ndots:5); env with value, secretKeyRef, configMapKeyRef and
fieldRef (a missing Secret holds the pod back, as CreateContainerConfigError does); configMap,
secret, projected, emptyDir (memory-backed on tmpfs) and PVC volumes as host directories owned as
fsGroup makes them (PVCs survive a pod restart); init containers in order, each retried until it
succeeds; main containers and sidecars together, restarted when they exit; Jobs to completion within
backoffLimit; command/args/workingDir; runAsUser/runAsGroup/fsGroup, readOnlyRootFilesystem,
capabilities, allowPrivilegeEscalation and the memory and CPU limits as podman options; startup and
readiness probes (exec, httpGet, tcpSocket) decide readiness; a ServiceAccount token and CA where
automountServiceAccountToken is true, for the Kubernetes API in kube_api.py (Secrets, with RBAC).

What it cannot: scheduling (nodeSelector, tolerations, requests: every pod runs here), NetworkPolicy
enforcement, Service virtual IPs and ports that differ from the target port (a Service name resolves
to its pods' IPs), Ingress, liveness-driven restarts (liveness probes are run and reported,
not acted on), service-link environment variables. Any field or kind beyond that is refused
with its path, so a run can never pass by ignoring something.
"""

from __future__ import annotations

import atexit
import base64
import http.client
import ipaddress
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.e2e.kube_api import Authorizer, KubeApi
from tests.podman import env as podman_env

PODMAN = ["podman", "--runtime", shutil.which("runc") or "runc"]
TOKEN_DIR = "/var/run/secrets/kubernetes.io/serviceaccount"

# Everything the harness honours; anything else in a manifest is refused.
KINDS = {
    "Namespace",
    "ServiceAccount",
    "Role",
    "RoleBinding",
    "ConfigMap",
    "Secret",
    "Service",
    "Deployment",
    "StatefulSet",
    "Job",
    "PersistentVolumeClaim",
    "NetworkPolicy",
    "Ingress",
}
NOT_EMULATED = {"NetworkPolicy": "not enforced", "Ingress": "not routed"}
POD_FIELDS = {
    "serviceAccountName",
    "automountServiceAccountToken",
    "securityContext",
    "initContainers",
    "containers",
    "volumes",
    "terminationGracePeriodSeconds",
    "restartPolicy",
    "nodeSelector",
    "tolerations",
    "enableServiceLinks",
    "subdomain",
}
POD_SECURITY = {
    "runAsNonRoot",
    "runAsUser",
    "runAsGroup",
    "fsGroup",
    "fsGroupChangePolicy",
    "seccompProfile",
}
CONTAINER_FIELDS = {
    "name",
    "image",
    "imagePullPolicy",
    "command",
    "args",
    "env",
    "ports",
    "resources",
    "securityContext",
    "volumeMounts",
    "livenessProbe",
    "readinessProbe",
    "startupProbe",
    "workingDir",
}
CONTAINER_SECURITY = {
    "allowPrivilegeEscalation",
    "capabilities",
    "readOnlyRootFilesystem",
    "runAsNonRoot",
    "runAsUser",
    "runAsGroup",
}
VOLUME_SOURCES = {"configMap", "emptyDir", "persistentVolumeClaim", "projected", "secret"}
PROBE_FIELDS = {
    "exec",
    "httpGet",
    "tcpSocket",
    "periodSeconds",
    "timeoutSeconds",
    "failureThreshold",
    "initialDelaySeconds",
    "successThreshold",
}


class Refused(Exception):
    """A manifest asks for something this harness cannot honour."""


def podman(
    *args: str, check: bool = True, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [*PODMAN, *args], env=podman_env(), capture_output=True, text=True, timeout=timeout
    )
    if check and result.returncode != 0:
        raise RuntimeError(f"podman {' '.join(args[:4])}: {result.stderr.strip()[-2000:]}")
    return result


def _check_fields(where: str, obj: dict[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(obj) - allowed)
    if unknown:
        raise Refused(f"{where}: cannot honour {', '.join(unknown)}")


def quantity_bytes(value: str) -> int:
    units = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "k": 10**3, "M": 10**6, "G": 10**9, "": 1}
    number = value.rstrip("KiMG")
    return int(float(number) * units[value[len(number) :]])


def cpus(value: str) -> str:
    return str(float(value[:-1]) / 1000) if value.endswith("m") else value


@dataclass
class Pod:
    """One pod: its spec, where it runs, and what the kubelet knows about it."""

    name: str
    namespace: str
    kind: str
    labels: dict[str, str]
    spec: dict[str, Any]
    claims: dict[str, str] = field(default_factory=dict)  # volume name -> PVC name
    subdomain: str | None = None
    ip: str = ""
    ready: bool = False
    succeeded: bool = False
    failed: str = ""
    restarts: int = 0
    events: list[str] = field(default_factory=list)
    started: float = 0.0
    ready_at: float = 0.0

    def event(self, text: str) -> None:
        self.events.append(f"{time.strftime('%H:%M:%S')} {text}")


class Cluster:
    """Apply manifests to podman; `close()` removes every container, pod and network it made."""

    def __init__(self, workdir: Path, images: dict[str, str]) -> None:
        # Whatever ends the run (a failure, Ctrl-C, a CI timeout's SIGTERM), close() runs.
        atexit.register(self.close)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        self.run_id = uuid.uuid4().hex[:6]
        self.workdir = workdir
        self.images = images
        self.docs: list[dict[str, Any]] = []
        self.pods: dict[str, Pod] = {}
        self.networks: dict[str, tuple[str, ipaddress.IPv4Network]] = {}
        self.next_ip: dict[str, int] = {}
        self.stop = threading.Event()
        self.threads: list[threading.Thread] = []
        self.authorizer = Authorizer()
        self.api: KubeApi | None = None
        self.peak_memory: dict[str, int] = {}
        self.lock = threading.Lock()

    # ----------------------------------------------------------------------------------- apply
    def apply(self, docs: list[dict[str, Any]]) -> None:
        for doc in docs:
            if doc["kind"] not in KINDS:
                raise Refused(f"{doc['kind']} {doc['metadata']['name']}: kind not supported")
            for _, pod in self._pods_of(doc):
                self._validate(f"{doc['kind']} {doc['metadata']['name']}", pod.spec)
        self.docs += docs
        self.authorizer.docs = self.docs
        for doc in docs:
            if doc["kind"] == "Namespace":
                self._network(doc["metadata"]["name"])
        for doc in docs:
            if doc["kind"] == "Secret":
                data = {k: base64.b64decode(v).decode() for k, v in doc.get("data", {}).items()}
                self.create_secret(doc["metadata"]["namespace"], doc["metadata"]["name"], data)
        for doc in docs:
            self._start_workload(doc)
        if not any(t.name == "stats" for t in self.threads):
            self._spawn("stats", self._sample_memory)

    def create_secret(self, namespace: str, name: str, data: dict[str, str]) -> None:
        self._kube_api().create_secret(namespace, name, data)

    def _pods_of(self, doc: dict[str, Any]) -> list[tuple[str, Pod]]:
        kind, meta = doc["kind"], doc["metadata"]
        if kind not in {"Deployment", "StatefulSet", "Job"}:
            return []
        template = doc["spec"]["template"]
        replicas = 1 if kind == "Job" else doc["spec"].get("replicas", 1)
        pods = []
        for i in range(replicas):
            name = f"{meta['name']}-{i}"
            pod = Pod(
                name, meta["namespace"], kind, template["metadata"]["labels"], template["spec"]
            )
            if kind == "StatefulSet":
                pod.subdomain = doc["spec"]["serviceName"]
                for claim in doc["spec"].get("volumeClaimTemplates", []):
                    pod.claims[claim["metadata"]["name"]] = f"{claim['metadata']['name']}-{name}"
            pods.append((name, pod))
        return pods

    def _validate(self, where: str, spec: dict[str, Any]) -> None:
        _check_fields(where, spec, POD_FIELDS)
        _check_fields(f"{where} securityContext", spec.get("securityContext", {}), POD_SECURITY)
        for c in spec.get("initContainers", []) + spec["containers"]:
            here = f"{where} container {c['name']}"
            _check_fields(here, c, CONTAINER_FIELDS)
            _check_fields(
                f"{here} securityContext", c.get("securityContext", {}), CONTAINER_SECURITY
            )
            if c["image"] not in self.images:
                raise Refused(f"{here}: no local image for {c['image']} in the image table")
            for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
                _check_fields(f"{here} {probe}", c.get(probe, {}), PROBE_FIELDS)
            for var in c.get("env", []):
                source = var.get("valueFrom", {})
                _check_fields(
                    f"{here} env {var['name']}",
                    source,
                    {"secretKeyRef", "configMapKeyRef", "fieldRef"},
                )
        for volume in spec.get("volumes", []):
            sources = set(volume) - {"name"}
            if not sources <= VOLUME_SOURCES:
                raise Refused(f"{where} volume {volume['name']}: cannot honour {sources}")

    def _start_workload(self, doc: dict[str, Any]) -> None:
        pods = self._pods_of(doc)
        ordered = (
            doc["kind"] == "StatefulSet" and doc["spec"].get("podManagementPolicy") != "Parallel"
        )
        previous: Pod | None = None
        for name, pod in pods:
            self.pods[name] = pod
            self._spawn(name, self._run_pod, pod, previous if ordered else None)
            previous = pod

    def _spawn(self, name: str, target: Any, *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        thread.start()
        self.threads.append(thread)

    # ------------------------------------------------------------------------------ networking
    def _network(self, namespace: str) -> tuple[str, ipaddress.IPv4Network]:
        if namespace not in self.networks:
            name = f"kae2e-{self.run_id}-{namespace}"
            podman("network", "create", "--label", f"kube-airflow-e2e={self.run_id}", name)
            info = json.loads(podman("network", "inspect", name).stdout)[0]
            subnet = ipaddress.ip_network(info["subnets"][0]["subnet"])
            self.networks[namespace] = (name, subnet)  # type: ignore[assignment]
            self.next_ip[namespace] = 10
        return self.networks[namespace]

    def gateway(self, namespace: str) -> str:
        return str(next(self._network(namespace)[1].hosts()))

    def _allocate_ip(self, namespace: str) -> str:
        with self.lock:
            subnet = self._network(namespace)[1]
            self.next_ip[namespace] += 1
            return str(subnet.network_address + self.next_ip[namespace])

    def _aliases(self, pod: Pod) -> list[str]:
        """The DNS names cluster DNS would give this pod: every Service selecting it, and its own
        name under its StatefulSet's headless Service."""
        domain = f"{pod.namespace}.svc.cluster.local"
        names = []
        for svc in self._services(pod.namespace):
            selector = svc["spec"].get("selector") or {}
            if selector and all(pod.labels.get(k) == v for k, v in selector.items()):
                self._check_ports(svc, pod)
                names.append(f"{svc['metadata']['name']}.{domain}")
        if pod.subdomain:
            names.append(f"{pod.name}.{pod.subdomain}.{domain}")
        return names

    def _services(self, namespace: str) -> list[dict[str, Any]]:
        return [
            d
            for d in self.docs
            if d["kind"] == "Service" and d["metadata"]["namespace"] == namespace
        ]

    def _check_ports(self, svc: dict[str, Any], pod: Pod) -> None:
        ports = {
            p.get("name"): p["containerPort"]
            for c in pod.spec["containers"]
            for p in c.get("ports", [])
        }
        for port in svc["spec"]["ports"]:
            target = port.get("targetPort", port["port"])
            number = ports.get(target) if isinstance(target, str) else target
            if number != port["port"]:
                raise Refused(
                    f"Service {svc['metadata']['name']}: port {port['port']} -> {target} "
                    "needs a virtual IP"
                )

    # ---------------------------------------------------------------------------------- a pod
    def _run_pod(self, pod: Pod, after: Pod | None) -> None:
        try:
            while after is not None and not after.ready and not self.stop.is_set():
                time.sleep(1)
            pod.started = time.monotonic()
            self._create_pod(pod)
            if pod.kind == "Job":
                self._run_job(pod)
            else:
                self._run_service_pod(pod)
        except Exception as error:  # reported by wait_ready with the pod's events and logs
            if not self.stop.is_set():
                pod.failed = f"{type(error).__name__}: {error}"
                pod.event(pod.failed)

    def _create_pod(self, pod: Pod) -> None:
        network, _ = self._network(pod.namespace)
        pod.ip = self._allocate_ip(pod.namespace)
        hosts = self._pod_dir(pod) / "hosts"
        fqdn = (
            f"{pod.name}.{pod.subdomain}.{pod.namespace}.svc.cluster.local" if pod.subdomain else ""
        )
        hosts.write_text(
            f"127.0.0.1\tlocalhost\n{pod.ip}\t{' '.join(filter(None, [fqdn, pod.name]))}\n"
        )
        hosts.chmod(0o644)
        args = [
            "pod",
            "create",
            "--name",
            self._podman_name(pod),
            "--hostname",
            pod.name,
            "--label",
            f"kube-airflow-e2e={self.run_id}",
            "--network",
            network,
            "--ip",
            pod.ip,
            "--dns-option",
            "ndots:5",
        ]
        for search in (f"{pod.namespace}.svc.cluster.local", "svc.cluster.local", "cluster.local"):
            args += ["--dns-search", search]
        for alias in self._aliases(pod):
            args += ["--network-alias", alias]
        podman(*args)
        podman("pod", "start", self._podman_name(pod))
        pod.event(f"pod created at {pod.ip}")

    def _run_job(self, pod: Pod) -> None:
        backoff_limit = 6
        for doc in self.docs:
            if doc["kind"] == "Job" and pod.name == f"{doc['metadata']['name']}-0":
                backoff_limit = doc["spec"].get("backoffLimit", 6)
        failures = 0
        for c in pod.spec.get("initContainers", []):
            self._run_to_completion(pod, c, retries=backoff_limit)
        for c in pod.spec["containers"]:
            failures += self._run_to_completion(pod, c, retries=backoff_limit)
        pod.succeeded = True
        pod.ready_at = time.monotonic()
        pod.event(f"Job completed after {failures} failed attempts")

    def _run_service_pod(self, pod: Pod) -> None:
        for c in pod.spec.get("initContainers", []):
            self._run_to_completion(pod, c, retries=None)
        for c in pod.spec["containers"]:
            self._start(pod, c)
        self._probe_loop(pod)

    def _run_to_completion(self, pod: Pod, c: dict[str, Any], retries: int | None) -> int:
        """Run an init container or a Job's container until it exits 0, with the kubelet's
        doubling back-off; `retries` None means for ever (init containers of a running pod)."""
        failures, delay = 0, 2.0
        while not self.stop.is_set():
            name = self._container_name(pod, c)
            podman("rm", "-f", name, check=False)
            code = self._run(pod, c, detach=False)
            if code == 0:
                pod.event(f"{c['name']} succeeded")
                return failures
            failures += 1
            pod.event(f"{c['name']} exited {code} (attempt {failures})")
            if retries is not None and failures > retries:
                raise RuntimeError(f"{c['name']} failed {failures} times (backoffLimit {retries})")
            time.sleep(min(delay, 20))
            delay *= 2
        return failures

    def _start(self, pod: Pod, c: dict[str, Any]) -> None:
        self._run(pod, c, detach=True)
        pod.event(f"{c['name']} started")

    # --------------------------------------------------------------------------- a container
    def _run(self, pod: Pod, c: dict[str, Any], detach: bool) -> int:
        env = self._env(pod, c)
        args = [
            "run",
            "--name",
            self._container_name(pod, c),
            "--pod",
            self._podman_name(pod),
            "--label",
            f"kube-airflow-e2e={self.run_id}",
            "-v",
            f"{self._pod_dir(pod) / 'hosts'}:/etc/hosts:ro",
        ]
        args += self._security(pod, c) + self._resources(c) + self._mounts(pod, c)
        for key, value in env.items():
            args += ["-e", f"{key}={value}"]
        if c.get("workingDir"):
            args += ["--workdir", c["workingDir"]]
        if c.get("command"):
            args += ["--entrypoint", json.dumps(c["command"])]
        if detach:
            # restartPolicy Always: the kubelet restarts a container that exits.
            args += ["-d", "--restart", "always"]
        args += [self.images[c["image"]], *c.get("args", [])]
        if detach:
            podman(*args)
            return 0
        result = podman(*args, check=False, timeout=3600)
        self._save_log(pod, c, result.stdout + result.stderr)
        return result.returncode

    def _env(self, pod: Pod, c: dict[str, Any]) -> dict[str, str]:
        """Resolve env as the kubelet does; a Secret not there yet holds the container back."""
        while True:
            try:
                env = {var["name"]: self._env_value(pod, var) for var in c.get("env", [])}
                break
            except LookupError as missing:
                if self.stop.is_set():
                    raise
                if not pod.events or "CreateContainerConfigError" not in pod.events[-1]:
                    pod.event(f"CreateContainerConfigError: {missing}")
                time.sleep(2)
        if pod.spec.get("automountServiceAccountToken"):
            env["KUBERNETES_SERVICE_HOST"] = self.gateway(pod.namespace)
            env["KUBERNETES_SERVICE_PORT"] = str(self._kube_api().port)
        return env

    def _env_value(self, pod: Pod, var: dict[str, Any]) -> str:
        if "value" in var:
            return str(var["value"])
        source = var["valueFrom"]
        if "secretKeyRef" in source:
            ref = source["secretKeyRef"]
            value = self._kube_api().secret_value(pod.namespace, ref["name"], ref["key"])
            if value is None:
                raise LookupError(f"secret {ref['name']} key {ref['key']} not found")
            return value
        if "configMapKeyRef" in source:
            ref = source["configMapKeyRef"]
            return str(self._config_map(pod.namespace, ref["name"])[ref["key"]])
        path = source["fieldRef"]["fieldPath"]
        fields = {
            "metadata.namespace": pod.namespace,
            "metadata.name": pod.name,
            "status.podIP": pod.ip,
        }
        if path not in fields:
            raise Refused(f"fieldRef {path}")
        return fields[path]

    def _security(self, pod: Pod, c: dict[str, Any]) -> list[str]:
        psc, csc = pod.spec.get("securityContext", {}), c.get("securityContext", {})
        uid = csc.get("runAsUser", psc.get("runAsUser"))
        gid = csc.get("runAsGroup", psc.get("runAsGroup", 0))
        if (csc.get("runAsNonRoot") or psc.get("runAsNonRoot")) and not uid:
            raise Refused(f"{c['name']}: runAsNonRoot without a numeric non-zero runAsUser")
        args = [] if uid is None else ["--user", f"{uid}:{gid}"]
        if "fsGroup" in psc:
            args += ["--group-add", str(psc["fsGroup"])]
        if csc.get("readOnlyRootFilesystem"):
            args += ["--read-only", "--read-only-tmpfs=false"]
        caps = csc.get("capabilities", {})
        for cap in caps.get("drop", []):
            args += ["--cap-drop", cap]
        for cap in caps.get("add", []):
            args += ["--cap-add", cap]
        if csc.get("allowPrivilegeEscalation") is False:
            args += ["--security-opt", "no-new-privileges"]
        return args  # seccomp RuntimeDefault is podman's default profile

    def _resources(self, c: dict[str, Any]) -> list[str]:
        limits = c.get("resources", {}).get("limits", {})
        args = []
        if "memory" in limits:
            args += ["--memory", str(quantity_bytes(limits["memory"]))]
        if "cpu" in limits:
            args += ["--cpus", cpus(str(limits["cpu"]))]
        return args

    # ------------------------------------------------------------------------------- volumes
    def _mounts(self, pod: Pod, c: dict[str, Any]) -> list[str]:
        volumes = {v["name"]: v for v in pod.spec.get("volumes", [])}
        args = []
        for m in c.get("volumeMounts", []):
            source = self._volume_dir(pod, volumes, m["name"])
            if m.get("subPath"):
                source = source / m["subPath"]
            mode = "ro" if m.get("readOnly") else "rw"
            args += ["-v", f"{source}:{m['mountPath']}:{mode}"]
        if pod.spec.get("automountServiceAccountToken"):
            args += ["-v", f"{self._token_dir(pod)}:{TOKEN_DIR}:ro"]
        return args

    def _volume_dir(self, pod: Pod, volumes: dict[str, Any], name: str) -> Path:
        if name in pod.claims:
            return self._claim_dir(pod, pod.claims[name])
        volume = volumes[name]
        if "persistentVolumeClaim" in volume:
            return self._claim_dir(pod, volume["persistentVolumeClaim"]["claimName"])
        folder = self._pod_dir(pod) / "volumes" / name
        if folder.exists():
            return folder
        if "emptyDir" in volume:
            if volume["emptyDir"].get("medium") == "Memory":
                target = Path("/dev/shm") / f"kae2e-{self.run_id}" / pod.name / name
                target.mkdir(parents=True, exist_ok=True)
                folder.parent.mkdir(parents=True, exist_ok=True)
                folder.symlink_to(target)
                folder = target
            folder.mkdir(parents=True, exist_ok=True)
            self._own(pod, folder)
        elif "configMap" in volume:
            cm = volume["configMap"]
            data = self._config_map(pod.namespace, cm["name"])
            self._write_files(pod, folder, data, cm.get("items"), cm.get("defaultMode", 0o644))
        elif "secret" in volume:
            sec = volume["secret"]
            data = self._secret(pod.namespace, sec["secretName"])
            self._write_files(pod, folder, data, sec.get("items"), sec.get("defaultMode", 0o644))
        else:
            folder.mkdir(parents=True)
            mode = volume["projected"].get("defaultMode", 0o644)
            for source in volume["projected"]["sources"]:
                if set(source) != {"secret"}:
                    raise Refused(f"projected source {set(source)}")
                data = self._secret(pod.namespace, source["secret"]["name"])
                self._write_files(pod, folder, data, source["secret"].get("items"), mode)
        return folder

    def _claim_dir(self, pod: Pod, claim: str) -> Path:
        folder = self.workdir / "pvc" / pod.namespace / claim
        if not folder.exists():
            folder.mkdir(parents=True)
            self._own(pod, folder)
        return folder

    def _own(self, pod: Pod, folder: Path) -> None:
        """What fsGroup does to a fresh volume: group-owned by it, group-writable, setgid."""
        group = pod.spec.get("securityContext", {}).get("fsGroup")
        if group is not None:
            os.chown(folder, 0, group)
            folder.chmod(0o2775)
        else:
            folder.chmod(0o777)

    def _write_files(
        self,
        pod: Pod,
        folder: Path,
        data: dict[str, str],
        items: list[dict[str, Any]] | None,
        mode: int,
    ) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        group = pod.spec.get("securityContext", {}).get("fsGroup", 0)
        chosen = [(i["key"], i["path"]) for i in items] if items else [(k, k) for k in data]
        for key, path in chosen:
            target = folder / path
            target.write_text(data[key])
            os.chown(target, 0, group)
            target.chmod(mode)

    def _config_map(self, namespace: str, name: str) -> dict[str, str]:
        for d in self.docs:
            if (
                d["kind"] == "ConfigMap"
                and d["metadata"]["name"] == name
                and d["metadata"]["namespace"] == namespace
            ):
                return dict(d.get("data", {}))
        raise LookupError(f"configmap {name}")

    def _secret(self, namespace: str, name: str) -> dict[str, str]:
        api = self._kube_api()
        while (namespace, name) not in api.secrets:
            if self.stop.is_set():
                raise LookupError(f"secret {name}")
            time.sleep(2)
        return {
            k: base64.b64decode(v).decode()
            for k, v in api.secrets[(namespace, name)]["data"].items()
        }

    def _token_dir(self, pod: Pod) -> Path:
        folder = self._pod_dir(pod) / "serviceaccount"
        if not folder.exists():
            folder.mkdir()
            api = self._kube_api()
            account = pod.spec.get("serviceAccountName", "default")
            (folder / "token").write_text(api.token_for(pod.namespace, account))
            (folder / "ca.crt").write_text(api.ca_pem)
            (folder / "namespace").write_text(pod.namespace)
            for f in folder.iterdir():
                f.chmod(0o644)
        return folder

    def _kube_api(self) -> KubeApi:
        with self.lock:
            if self.api is None:
                gateways = [str(next(subnet.hosts())) for _, subnet in self.networks.values()]
                self.api = KubeApi(gateways, self.authorizer)
                self.api.start()
            return self.api

    # -------------------------------------------------------------------------------- probes
    def _probe_loop(self, pod: Pod) -> None:
        started = {c["name"]: "startupProbe" not in c for c in pod.spec["containers"]}
        while not self.stop.is_set():
            states = []
            for c in pod.spec["containers"]:
                if not started[c["name"]]:
                    started[c["name"]] = self.probe(pod, c, "startupProbe")
                ready = started[c["name"]] and (
                    "readinessProbe" not in c or self.probe(pod, c, "readinessProbe")
                )
                states.append(ready and self._running(pod, c))
            if all(states) and not pod.ready:
                pod.ready_at = time.monotonic()
                pod.event("ready")
            pod.ready = all(states)
            self.stop.wait(5 if not pod.ready else 15)

    def _running(self, pod: Pod, c: dict[str, Any]) -> bool:
        out = podman(
            "inspect",
            "--format",
            "{{.State.Running}} {{.RestartCount}}",
            self._container_name(pod, c),
            check=False,
        )
        running, _, restarts = out.stdout.strip().partition(" ")
        pod.restarts = max(pod.restarts, int(restarts or 0))
        return running == "true"

    def probe(self, pod: Pod, c: dict[str, Any], which: str) -> bool:
        """Run one probe of a container once, as the kubelet would."""
        spec = c.get(which)
        if spec is None:
            return True
        timeout = spec.get("timeoutSeconds", 1)
        try:
            if "exec" in spec:
                result = podman(
                    "exec",
                    self._container_name(pod, c),
                    *spec["exec"]["command"],
                    check=False,
                    timeout=timeout + 5,
                )
                return result.returncode == 0
            if "httpGet" in spec:
                port = self._port(c, spec["httpGet"]["port"])
                conn = http.client.HTTPConnection(pod.ip, port, timeout=timeout)
                conn.request("GET", spec["httpGet"].get("path", "/"))
                return 200 <= conn.getresponse().status < 400
            port = self._port(c, spec["tcpSocket"]["port"])
            with socket.create_connection((pod.ip, port), timeout=timeout):
                return True
        except (OSError, subprocess.TimeoutExpired, http.client.HTTPException):
            return False

    @staticmethod
    def _port(c: dict[str, Any], port: int | str) -> int:
        if isinstance(port, int):
            return port
        return next(p["containerPort"] for p in c.get("ports", []) if p.get("name") == port)

    # ----------------------------------------------------------------------------- observing
    def wait(self, timeout: float) -> None:
        """Until every pod is ready and every Job succeeded; fails with the failing pods' story."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            failed = [p for p in self.pods.values() if p.failed]
            if failed:
                raise AssertionError(self.report(failed))
            if all(p.ready or p.succeeded for p in self.pods.values()):
                return
            time.sleep(2)
        waiting = [p for p in self.pods.values() if not (p.ready or p.succeeded)]
        raise AssertionError(f"not ready after {timeout:.0f}s:\n{self.report(waiting)}")

    def report(self, pods: list[Pod]) -> str:
        parts = []
        for pod in pods:
            parts.append(
                f"--- pod {pod.name}: {pod.failed or 'not ready'}\n" + "\n".join(pod.events[-15:])
            )
            for c in pod.spec.get("initContainers", []) + pod.spec["containers"]:
                parts.append(
                    f"--- {pod.name}/{c['name']} logs:\n{self.logs(pod.name, c['name'])[-3000:]}"
                )
        return "\n".join(parts)

    def logs(self, pod_name: str, container: str) -> str:
        pod = self.pods[pod_name]
        saved = self._pod_dir(pod) / f"{container}.log"
        if saved.exists():
            return saved.read_text(errors="replace")
        result = podman("logs", self._container_name(pod, {"name": container}), check=False)
        return result.stdout + result.stderr

    def exec(
        self, pod_name: str, container: str, command: list[str], timeout: float = 600
    ) -> subprocess.CompletedProcess[str]:
        pod = self.pods[pod_name]
        return podman(
            "exec",
            self._container_name(pod, {"name": container}),
            *command,
            check=False,
            timeout=timeout,
        )

    def _save_log(self, pod: Pod, c: dict[str, Any], text: str) -> None:
        with open(self._pod_dir(pod) / f"{c['name']}.log", "a") as f:
            f.write(text)

    def _sample_memory(self) -> None:
        while not self.stop.wait(3):
            result = podman(
                "stats", "--no-stream", "--no-reset", "--format", "json", check=False, timeout=60
            )
            try:
                rows = json.loads(result.stdout or "[]")
            except json.JSONDecodeError:
                continue
            for row in rows:
                name = row.get("name", "")
                if name.startswith(f"kae2e-{self.run_id}-"):
                    used = quantity_stat(row.get("mem_usage", "0B / 0B").split("/")[0].strip())
                    self.peak_memory[name] = max(self.peak_memory.get(name, 0), used)

    def containers(self) -> list[tuple[Pod, dict[str, Any], str]]:
        return [
            (pod, c, self._container_name(pod, c))
            for pod in self.pods.values()
            for c in pod.spec.get("initContainers", []) + pod.spec["containers"]
        ]

    # ------------------------------------------------------------------------------ plumbing
    def _podman_name(self, pod: Pod) -> str:
        return f"kae2e-{self.run_id}-{pod.name}"

    def _container_name(self, pod: Pod, c: dict[str, Any]) -> str:
        return f"kae2e-{self.run_id}-{pod.name}-{c['name']}"

    def _pod_dir(self, pod: Pod) -> Path:
        folder = self.workdir / "pods" / pod.name
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def delete_pod(self, pod_name: str) -> None:
        """As `kubectl delete pod`: its controller starts it again (PVCs keep their data)."""
        pod = self.pods[pod_name]
        grace = str(pod.spec.get("terminationGracePeriodSeconds", 30))
        podman("pod", "rm", "-f", "-t", grace, self._podman_name(pod), check=False, timeout=700)
        shutil.rmtree(self.workdir / "pods" / pod.name, ignore_errors=True)
        fresh = Pod(
            pod.name, pod.namespace, pod.kind, pod.labels, pod.spec, pod.claims, pod.subdomain
        )
        self.pods[pod_name] = fresh
        self._spawn(pod_name, self._run_pod, fresh, None)

    def close(self) -> None:
        if self.stop.is_set():
            return
        self.stop.set()
        if not self.networks:
            return  # nothing was started
        label = f"label=kube-airflow-e2e={self.run_id}"
        for pod in podman("pod", "ps", "-q", "--filter", label, check=False).stdout.split():
            podman("pod", "rm", "-f", "-t", "5", pod, check=False, timeout=300)
        for ctr in podman("ps", "-aq", "--filter", label, check=False).stdout.split():
            podman("rm", "-f", ctr, check=False)
        for name, _ in self.networks.values():
            podman("network", "rm", "-f", name, check=False)
        shutil.rmtree(Path("/dev/shm") / f"kae2e-{self.run_id}", ignore_errors=True)
        if self.api is not None:
            self.api.shutdown()
        for thread in self.threads:
            thread.join(timeout=10)


def quantity_stat(text: str) -> int:
    """podman stats sizes: '123.4MB', '1.2GiB', '512kB'."""
    units = {
        "B": 1,
        "kB": 10**3,
        "KB": 10**3,
        "MB": 10**6,
        "GB": 10**9,
        "KiB": 2**10,
        "MiB": 2**20,
        "GiB": 2**30,
    }
    for unit in sorted(units, key=len, reverse=True):
        if text.endswith(unit):
            return int(float(text[: -len(unit)]) * units[unit])
    return 0


def shell(command: list[str]) -> str:
    return " ".join(shlex.quote(c) for c in command)
