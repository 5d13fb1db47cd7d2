"""etcd, kube-apiserver, kube-controller-manager and kube-scheduler as host processes."""

from __future__ import annotations

from pathlib import Path

from tests.cluster import pki
from tests.cluster.build import binary
from tests.cluster.layout import (
    ADMIN_KUBECONFIG,
    API_SERVER,
    CLUSTER_CIDR,
    CLUSTER_DOMAIN,
    ETCD_CLIENT,
    ETCD_PEER,
    KUBERNETES_SERVICE_IP,
    NODE_IP,
    NODE_NAME,
    PKI,
    SERVICE_CIDR,
    STATE,
)
from tests.cluster.processes import start

ISSUER = f"https://kubernetes.default.svc.{CLUSTER_DOMAIN}"
FRONT_PROXY = PKI / "front-proxy"
FRONT_PROXY_CLIENT = "front-proxy-client"


def make_credentials() -> None:
    """The CA, every component's certificate and kubeconfig, the service-account key pair."""
    pki.make_ca(PKI)
    ca = PKI / "ca.crt"
    api_names = ("kubernetes", "kubernetes.default", "kubernetes.default.svc")
    pki.issue(
        PKI,
        pki.Identity(
            "apiserver",
            "kube-apiserver",
            alt_names=(
                f"IP:{NODE_IP}",
                f"IP:{KUBERNETES_SERVICE_IP}",
                "IP:127.0.0.1",
                "DNS:localhost",
                *(f"DNS:{n}" for n in api_names),
                f"DNS:kubernetes.default.svc.{CLUSTER_DOMAIN}",
            ),
        ),
    )
    pki.issue(
        PKI, pki.Identity("kubelet", NODE_NAME, alt_names=(f"IP:{NODE_IP}", f"DNS:{NODE_NAME}"))
    )
    clients = {
        "admin": ("kubernetes-admin", "system:masters"),
        "apiserver-kubelet-client": ("kube-apiserver-kubelet-client", "system:masters"),
        "controller-manager": ("system:kube-controller-manager", ""),
        "scheduler": ("system:kube-scheduler", ""),
        "node": (f"system:node:{NODE_NAME}", "system:nodes"),
        "kube-proxy": ("system:kube-proxy", ""),
    }
    for name, (cn, org) in clients.items():
        cert, key = pki.issue(PKI, pki.Identity(name, cn, org))
        if name != "apiserver-kubelet-client":
            target = ADMIN_KUBECONFIG if name == "admin" else STATE / f"{name}.kubeconfig"
            pki.kubeconfig(target, API_SERVER, ca, cert, key)
    pki.service_account_keys(PKI)
    # The aggregation layer's own CA and the client the API server proxies as to an extension
    # API server (metrics-server): kept apart from the cluster CA, as kubeadm does, so that no
    # client certificate of the cluster can pose as the proxy.
    pki.make_ca(FRONT_PROXY)
    pki.issue(FRONT_PROXY, pki.Identity(FRONT_PROXY_CLIENT, FRONT_PROXY_CLIENT))


def start_etcd() -> None:
    start(
        "etcd",
        [
            "etcd",
            "--name=kube-airflow",
            f"--data-dir={STATE / 'etcd'}",
            f"--listen-client-urls={ETCD_CLIENT}",
            f"--advertise-client-urls={ETCD_CLIENT}",
            f"--listen-peer-urls={ETCD_PEER}",
            f"--initial-advertise-peer-urls={ETCD_PEER}",
            f"--initial-cluster=kube-airflow={ETCD_PEER}",
        ],
    )


def start_apiserver() -> None:
    p = PKI
    start(
        "kube-apiserver",
        [
            str(binary("kube-apiserver")),
            f"--advertise-address={NODE_IP}",
            f"--bind-address={NODE_IP}",
            "--secure-port=6443",
            f"--etcd-servers={ETCD_CLIENT}",
            f"--client-ca-file={p / 'ca.crt'}",
            f"--tls-cert-file={p / 'apiserver.crt'}",
            f"--tls-private-key-file={p / 'apiserver.key'}",
            f"--kubelet-client-certificate={p / 'apiserver-kubelet-client.crt'}",
            f"--kubelet-client-key={p / 'apiserver-kubelet-client.key'}",
            f"--kubelet-certificate-authority={p / 'ca.crt'}",
            # The node's name resolves nowhere on this machine: reach kubelets by IP.
            "--kubelet-preferred-address-types=InternalIP",
            f"--service-account-issuer={ISSUER}",
            f"--api-audiences={ISSUER}",
            f"--service-account-key-file={p / 'sa.pub'}",
            f"--service-account-signing-key-file={p / 'sa.key'}",
            f"--service-cluster-ip-range={SERVICE_CIDR}",
            "--authorization-mode=Node,RBAC",
            "--enable-admission-plugins=NodeRestriction,PodSecurity",
            "--allow-privileged=false",
            "--profiling=false",
            *_aggregation_flags(),
        ],
    )


def _aggregation_flags() -> list[str]:
    """The aggregation layer: requests for an APIService's group (metrics.k8s.io) are proxied
    to its server with the caller's identity in request headers, signed by the front proxy's
    client certificate; sent to the Service's endpoints (the host reaches pod IPs)."""
    client = FRONT_PROXY / FRONT_PROXY_CLIENT
    return [
        f"--requestheader-client-ca-file={FRONT_PROXY / 'ca.crt'}",
        f"--requestheader-allowed-names={FRONT_PROXY_CLIENT}",
        "--requestheader-extra-headers-prefix=X-Remote-Extra-",
        "--requestheader-group-headers=X-Remote-Group",
        "--requestheader-username-headers=X-Remote-User",
        f"--proxy-client-cert-file={client}.crt",
        f"--proxy-client-key-file={client}.key",
        "--enable-aggregator-routing=true",
    ]


def _component_flags(name: str) -> list[str]:
    kubeconfig = STATE / f"{name}.kubeconfig"
    return [
        f"--kubeconfig={kubeconfig}",
        f"--authentication-kubeconfig={kubeconfig}",
        f"--authorization-kubeconfig={kubeconfig}",
        "--bind-address=127.0.0.1",
        "--leader-elect=false",
        "--profiling=false",
    ]


def start_controller_manager() -> None:
    start(
        "kube-controller-manager",
        [
            str(binary("kube-controller-manager")),
            *_component_flags("controller-manager"),
            f"--service-account-private-key-file={PKI / 'sa.key'}",
            f"--root-ca-file={PKI / 'ca.crt'}",
            "--use-service-account-credentials=true",
            "--allocate-node-cidrs=true",
            f"--cluster-cidr={CLUSTER_CIDR}",
            "--node-cidr-mask-size=24",
            f"--service-cluster-ip-range={SERVICE_CIDR}",
        ],
    )


def start_scheduler() -> None:
    start("kube-scheduler", [str(binary("kube-scheduler")), *_component_flags("scheduler")])


def kubeconfig_of(name: str) -> Path:
    return STATE / f"{name}.kubeconfig"
