"""What the test cluster is built from, pinned in one place (k8s/go.mod repeats the Kubernetes
version; a test keeps the two equal)."""

from kube_airflow.versions import OTEL_COLLECTOR_IMAGE

KUBERNETES_VERSION = "v1.36.3"
# Cluster DNS, a host process serving cluster.local from the API (github.com/coredns/coredns).
COREDNS_MODULE = "github.com/coredns/coredns@v1.14.7"
# NetworkPolicy enforcement with iptables and ipsets, its firewall controller only
# (github.com/cloudnativelabs/kube-router/v2; v2.1.0 is the newest the module proxy serves).
KUBE_ROUTER_MODULE = "github.com/cloudnativelabs/kube-router/v2/cmd/kube-router@v2.1.0"
# The ingress controller of the UI-through-an-Ingress check (github.com/traefik/traefik/v3). Its
# go.mod has replace directives, so it is built inside a copy of its module, not `go install`ed;
# build.py says what that copy needs.
TRAEFIK_MODULE = "github.com/traefik/traefik/v3@v3.7.13"
# Stands in for Traefik's fork of it, which the module proxy does not serve (see traefik/).
GO_HTTP_AUTH_MODULE = "github.com/abbot/go-http-auth@v0.4.0"
# The statsd exporter's stand-in image is this module at the tag of the pinned image
# (kube_airflow.versions.STATSD_EXPORTER_IMAGE): one version, written once.
STATSD_EXPORTER_MODULE = "github.com/prometheus/statsd_exporter"
# git-sync's stand-in image: the module k8s.io/git-sync at the commit of the pinned image's tag
# (kube_airflow.versions.GIT_SYNC_IMAGE, v4.4.0 = commit 69eb59185a07, 2024-12-12 23:35:26 UTC).
# Its release tags (v4.x) do not match its module path (no /v4), so the proxy knows that commit
# only by this pseudo-version.
GIT_SYNC_MODULE = "k8s.io/git-sync@v0.0.0-20241212233526-69eb59185a07"
GIT_SYNC_VERSION = "v4.4.0"  # stamped into the binary, as its release build does
# Dex, the OpenID Connect provider of the sign-in test (github.com/dexidp/dex). Its release tags
# (v2.x) do not match its module path (no /v2 suffix), so the module proxy serves a release only
# as the pseudo-version of its commit: DEX_RELEASE is commit 11d2eeb52b42 (2026-03-03).
DEX_RELEASE = "v2.45.1"
DEX_MODULE = "github.com/dexidp/dex@v0.0.0-20260303133905-11d2eeb52b42"
# The resource metrics API (metrics.k8s.io) that the workers' HPA reads, from the module
# sigs.k8s.io/metrics-server at the tag of the image the docs name (its stand-in's binary).
METRICS_SERVER_VERSION = "v0.8.0"
METRICS_SERVER_MODULE = f"sigs.k8s.io/metrics-server/cmd/metrics-server@{METRICS_SERVER_VERSION}"
METRICS_SERVER_IMAGE = f"registry.k8s.io/metrics-server/metrics-server:{METRICS_SERVER_VERSION}"
# KEDA's operator, metrics API server and admission webhooks, built from its module at the release
# whose CRDs the product's imports were generated from (../shared/crds: the same schemas as the
# module's config/crd at this tag; update both together), with only the scalers Airflow's
# deployments use (build_keda.py).
KEDA_VERSION = "2.20.2"
KEDA_MODULE = f"github.com/kedacore/keda/v2@v{KEDA_VERSION}"
KEDA_IMAGES = {
    "keda": f"ghcr.io/kedacore/keda:{KEDA_VERSION}",
    "keda-adapter": f"ghcr.io/kedacore/keda-metrics-apiserver:{KEDA_VERSION}",
    "keda-admission-webhooks": f"ghcr.io/kedacore/keda-admission-webhooks:{KEDA_VERSION}",
}
# The OpenTelemetry Collector's stand-in image: the collector built by its builder (OCB, the
# module below, at the release of the pinned contrib image kube_airflow.versions
# .OTEL_COLLECTOR_IMAGE) from otel/builder-config.yaml, whose modules are all at that release and
# the stable ones (confmap providers) at its 1.x twin, the one that OCB release defaults to
# (build.py checks the manifest against both).
OTEL_COLLECTOR_VERSION = f"v{OTEL_COLLECTOR_IMAGE.rsplit(':', 1)[1]}"
OTEL_COLLECTOR_STABLE_VERSION = "v1.67.0"
OTEL_BUILDER_MODULE = f"go.opentelemetry.io/collector/cmd/builder@{OTEL_COLLECTOR_VERSION}"
