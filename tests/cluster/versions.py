"""What the test cluster is built from, pinned in one place (k8s/go.mod repeats the Kubernetes
version; a test keeps the two equal)."""

KUBERNETES_VERSION = "v1.36.3"
# Cluster DNS, a host process serving cluster.local from the API (github.com/coredns/coredns).
COREDNS_MODULE = "github.com/coredns/coredns@v1.14.7"
# NetworkPolicy enforcement with iptables and ipsets, its firewall controller only
# (github.com/cloudnativelabs/kube-router/v2; v2.1.0 is the newest the module proxy serves).
KUBE_ROUTER_MODULE = "github.com/cloudnativelabs/kube-router/v2/cmd/kube-router@v2.1.0"
