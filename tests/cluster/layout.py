"""Where the test cluster lives on this machine and which addresses it uses, in one place.

Every address is private to this machine: the node IP sits on an empty bridge of ours (a node IP
must not be loopback), pods get a bridge of their own, Services are virtual IPs of kube-proxy.
"""

from __future__ import annotations

import os
from pathlib import Path

STATE = Path(os.environ.get("KUBE_AIRFLOW_CLUSTER_STATE", "/var/lib/kube-airflow-cluster"))
RUN = Path(os.environ.get("KUBE_AIRFLOW_CLUSTER_RUN", "/run/kube-airflow-cluster"))
LOGS = STATE / "logs"
PKI = STATE / "pki"
ADMIN_KUBECONFIG = STATE / "admin.kubeconfig"
KUBECTL = STATE / "kubectl"  # a link to the kubectl built with the cluster, same version

NODE_NAME = "kube-airflow-node"
NODE_BRIDGE = "kaf-node0"
NODE_IP = "10.250.0.1"
POD_BRIDGE = "kaf-cni0"
CLUSTER_CIDR = "10.244.0.0/16"
POD_CIDR = "10.244.0.0/24"  # the node's share, the first the controller-manager allocates
SERVICE_CIDR = "10.96.0.0/24"
KUBERNETES_SERVICE_IP = "10.96.0.1"
DNS_IP = NODE_IP  # CoreDNS runs on the node
CLUSTER_DOMAIN = "cluster.local"
CNI_NETWORK = "kube-airflow"

ETCD_CLIENT = "http://127.0.0.1:12379"
ETCD_PEER = "http://127.0.0.1:12380"
API_PORT = 6443
API_SERVER = f"https://{NODE_IP}:{API_PORT}"
CONTAINERD_SOCKET = RUN / "containerd.sock"

# Static local PersistentVolumes back the PVCs: a `local` volume honours fsGroup (hostPath does
# not), which the uid-999 data stores need to write their mount.
STORAGE_CLASS = "local"
PV_COUNT = 12
PV_SIZE = "20Gi"
PAUSE_IMAGE = "localhost/kube-airflow/pause:1"

# Traefik, the ingress controller, a host process like the rest: Ingresses of class `traefik`
# served on loopback, plain HTTP and HTTPS, with its ping endpoint on an entry point of its own.
INGRESS_CLASS = "traefik"
INGRESS_CONTROLLER = "traefik.io/ingress-controller"
INGRESS_HTTP_PORT = 18080
INGRESS_HTTPS_PORT = 18443
INGRESS_PING_PORT = 18081
