"""What kube-score and Polaris report over every variant and example that we accept, each with its
reason: one list (tests/test_conformance.py fails on any other finding, and on an entry here that
no longer matches anything). Patterns are shell-style, over the object's kind and its name without
the deployment's prefix (`db-migrate-3-3-2`), and Polaris' container. An entry is stale when
none of its checks finds anything any more."""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

KUBE_SCORE, POLARIS = "kube-score", "polaris"
PULL = (
    "images are pinned by tag and pulled IfNotPresent: pods start without a registry round-trip "
    "and on air-gapped nodes; image.pull_policy: Always for mutable tags (as checkov's CKV_K8S_15)"
)
GROUP_ZERO = (
    "the official Airflow image runs as uid 50000 with gid 0 (its entrypoint refuses another "
    "group) and the data stores' images as their own uid and gid 999, which own their files"
)
ONE_REPLICA = (
    "one replica by default, so the default deployment fits a small node; <role>.replicas raises "
    "it, with its budget and spread"
)
SINGLE = "one replica, nothing to spread: a second would be another database, broker or Flower"


@dataclass(frozen=True)
class Accepted:
    """Findings of `checks` ((tool, check) pairs) on objects of `kind` named one of `names`."""

    checks: tuple[tuple[str, str], ...]
    kind: str
    names: tuple[str, ...]
    reason: str
    container: str = "*"

    def matches(self, tool: str, finding: dict[str, Any], prefix: str) -> bool:
        name = str(finding["name"]).removeprefix(f"{prefix}-")
        return (
            any(tool == t and fnmatchcase(finding["check"], c) for t, c in self.checks)
            and fnmatchcase(finding["kind"], self.kind)
            and any(fnmatchcase(name, pattern) for pattern in self.names)
            and fnmatchcase(finding.get("container", ""), self.container)
        )


PULL_CHECKS = ((KUBE_SCORE, "container-image-pull-policy"), (POLARIS, "pullPolicyNotAlways"))
REPLICAS = ((KUBE_SCORE, "deployment-replicas"), (POLARIS, "deploymentMissingReplicas"))
HPA = ((KUBE_SCORE, "horizontalpodautoscaler-replicas"), (POLARIS, "hpaMinAvailability"))
API_TOKEN = (
    "it uses the Kubernetes API: the secrets bootstrap creates the generated Secret, the "
    "KubernetesExecutor in the scheduler runs the task pods, cleanup-pods deletes finished ones "
    "(checkov's CKV_K8S_38)"
)

ACCEPTED = (
    Accepted(PULL_CHECKS, "*", ("*",), PULL),
    Accepted(((KUBE_SCORE, "container-security-context-user-group-id"),), "*", ("*",), GROUP_ZERO),
    Accepted(
        ((POLARIS, "priorityClassNotSet"),), "*", ("*",),
        "a fresh cluster has no PriorityClass to name; pod_defaults.priority_class_name (or a "
        "role's) sets one",
    ),
    Accepted(
        ((POLARIS, "missingNetworkPolicy"),), "*", ("*",),
        "every pod is held by NetworkPolicies both ways, ingress by component and egress by "
        "destination (docs/security.md's egress matrix, checked by tests/test_matrices.py); "
        "Polaris wants one policy holding both",
    ),
    Accepted(
        ((POLARIS, "metadataAndInstanceMismatched"),), "*", ("*",),
        "app.kubernetes.io/instance names the Airflow deployment (the prefix), as Kubernetes' "
        "recommended labels define it, so selectors tell two deployments apart; a workload's "
        "own part is app.kubernetes.io/component",
    ),
    Accepted(REPLICAS, "Deployment",
             ("api-server", "scheduler", "dag-processor", "pgbouncer", "edge-worker"), ONE_REPLICA),
    Accepted(REPLICAS, "Deployment", ("flower",), SINGLE),
    Accepted(REPLICAS, "Deployment", ("statsd",),
             "one exporter: a second would split the series between two scrape targets"),
    Accepted(((POLARIS, "topologySpreadConstraint"),), "*",
             ("flower", "postgres", "rabbitmq", "redis", "statsd"), SINGLE),
    Accepted((*REPLICAS, (POLARIS, "topologySpreadConstraint")), "Deployment",
             ("otel-collector",),
             "one collector: Airflow sends a few OTLP requests a minute, and its exporters retry "
             "while the collector restarts"),
    Accepted(
        ((KUBE_SCORE, "pod-probes-identical"),), "Deployment", ("otel-collector",),
        "the health_check extension is the collector's one health endpoint; readiness gives up "
        "after two failures 10 s apart and liveness after three 30 s apart, so a slow collector "
        "leaves the Service before it is restarted",
    ),
    Accepted(
        ((POLARIS, "topologySpreadConstraint"),), "StatefulSet", ("triggerer",),
        "the `placement` variant sets triggerer.spread.preset: none, as a user may",
    ),
    Accepted(
        ((KUBE_SCORE, "deployment-has-host-podantiaffinity"),), "Deployment", ("*",),
        "replicas are spread over the nodes by topologySpreadConstraints (<role>.spread), which "
        "kube-score does not read; pod anti-affinity would leave pods Pending on fewer nodes",
    ),
    Accepted(
        ((KUBE_SCORE, "pod-probes-identical"),), "StatefulSet", ("postgres",),
        "a TCP connect from the kubelet, the one check that costs the container nothing: "
        "Postgres has no warm-up during which it is alive but not ready, and its headless "
        "Service publishes it ready or not",
    ),
    Accepted(
        ((KUBE_SCORE, "pod-probes-identical"),), "Deployment", ("pgbouncer",),
        "a TCP connect: PgBouncer is ready as soon as it listens, and a hung one that still "
        "accepts would pass any cheaper check too",
    ),
    Accepted(((POLARIS, "automountServiceAccountToken"),), "*",
             ("bootstrap-secrets-*", "scheduler", "cleanup-pods"), API_TOKEN),
    Accepted(
        ((POLARIS, "sensitiveContainerEnvVar"),), "Job", ("bootstrap-secrets-*",),
        "the variable SECRET_NAME names the Secret to create (airflow-generated), no secret; the "
        "static tier's own scan checks every value",
    ),
    Accepted(
        ((POLARIS, "sensitiveConfigmapContent"),), "ConfigMap", ("bootstrap-secrets",),
        "its key is the script's file name, bootstrap_secrets.py, and the script holds no "
        "secret (the static tier's own scan reads it)",
    ),
    Accepted(
        ((POLARIS, "readinessProbeMissing"),), "Deployment", ("dag-processor", "edge-worker"),
        "no Service routes to it (an edge worker listens on no port); a readiness exec would "
        "double the cost of the liveness check (checkov's CKV_K8S_9)",
    ),
    Accepted(
        ((POLARIS, "*ProbeMissing"),), "StatefulSet", ("worker",),
        "the pod-options variant's log-shipper sidecar: the values API offers sidecars no probes "
        "(a library user's add_sidecar takes them)",
        container="log-shipper",
    ),
    Accepted(
        ((KUBE_SCORE, "networkpolicy-targets-pod"),), "NetworkPolicy", ("egress-execution-api",),
        "with the KubernetesExecutor alone it selects only the task pods, which the executor "
        "creates from the pod template at run time",
    ),
    Accepted(
        HPA, "HorizontalPodAutoscaler", ("worker",),
        "the hpa variant's min_replicas is the user's choice (KEDA and the HPA may scale down "
        "to what the work needs)",
    ),
)  # fmt: skip


def unaccepted(tool: str, findings: list[dict[str, Any]], prefix: str) -> list[dict[str, Any]]:
    return [f for f in findings if not any(a.matches(tool, f, prefix) for a in ACCEPTED)]


def used(tool: str, findings: list[dict[str, Any]], prefix: str) -> set[Accepted]:
    return {a for a in ACCEPTED for f in findings if a.matches(tool, f, prefix)}
