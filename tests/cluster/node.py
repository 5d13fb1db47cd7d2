"""The node: its network, containerd, the kubelet and the node-level services (kube-proxy,
CoreDNS, kube-router), each a real upstream binary run as a host process.

Three facts of this machine shape it (see README.md here): it has cgroup v1 and no systemd
(cgroupfs driver, failCgroupV1 false), a node IP must not be loopback (an empty bridge of ours
carries it), and the sandbox lacks CAP_SYS_RESOURCE, so runc is wrapped to clamp the negative
oom_score_adj the kubelet asks for (pause containers, Guaranteed pods) to 0.
"""

from __future__ import annotations

import json
import shlex
import subprocess
from pathlib import Path

from tests.cluster.build import binary
from tests.cluster.layout import (
    ADMIN_KUBECONFIG,
    CLUSTER_CIDR,
    CLUSTER_DOMAIN,
    CNI_NETWORK,
    CONTAINERD_SOCKET,
    DNS_IP,
    NODE_BRIDGE,
    NODE_IP,
    NODE_NAME,
    PAUSE_IMAGE,
    PKI,
    POD_BRIDGE,
    POD_CIDR,
    RUN,
    STATE,
)
from tests.cluster.processes import start


def _ip(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["ip", *args], capture_output=True, text=True, check=check)


def setup_network() -> None:
    if _ip("link", "show", NODE_BRIDGE, check=False).returncode != 0:
        _ip("link", "add", NODE_BRIDGE, "type", "bridge")
    if NODE_IP not in _ip("-4", "addr", "show", NODE_BRIDGE).stdout:
        _ip("addr", "add", f"{NODE_IP}/32", "dev", NODE_BRIDGE)
    _ip("link", "set", NODE_BRIDGE, "up")
    for key in ("net/ipv4/ip_forward", "net/bridge/bridge-nf-call-iptables"):
        Path("/proc/sys", key).write_text("1\n")


def teardown_network() -> None:
    for bridge in (POD_BRIDGE, NODE_BRIDGE):
        _ip("link", "del", bridge, check=False)
    # Network namespaces whose pods were not torn down by the CNI plugin (containerd names them).
    for netns in Path("/run/netns").glob("cni-*"):
        _ip("netns", "delete", netns.name, check=False)
    _drop_rules()


def _drop_rules() -> None:
    """iptables rules of ours that survive their processes: the kubelet's KUBE-FIREWALL and canary
    chains, kube-proxy's and kube-router's KUBE-* chains, the bridge plugin's ipMasq chains of pods
    that were killed rather than torn down. The machine has no other Kubernetes to share them."""
    for table in ("filter", "nat", "mangle", "raw"):
        rules = subprocess.run(["iptables-save", "-t", table], capture_output=True, text=True)
        lines = rules.stdout.splitlines()
        chains = [line[1:].split()[0] for line in lines if line.startswith((":KUBE-", ":CNI-"))]
        ours = [
            line
            for line in lines
            if line.startswith("-A ")
            and not line.split()[1].startswith(("KUBE-", "CNI-"))
            and (" -j KUBE-" in line or " -j CNI-" in line or "kube-router" in line)
        ]
        for line in ours:
            _iptables(table, "-D", *shlex.split(line)[1:])
        for chain in chains:
            _iptables(table, "-F", chain)
        for chain in chains:
            _iptables(table, "-X", chain)


def _iptables(table: str, *args: str) -> None:
    subprocess.run(["iptables", "-t", table, *args], capture_output=True)


RUNC_WRAPPER = """#!/bin/sh
# containerd's runc, less the negative oom_score_adj this sandbox may not set (no CAP_SYS_RESOURCE).
bundle=""
prev=""
for arg in "$@"; do
  if [ "$prev" = "--bundle" ] || [ "$prev" = "-b" ]; then bundle="$arg"; fi
  prev="$arg"
done
if [ -n "$bundle" ] && [ -f "$bundle/config.json" ]; then
  sed -i -E 's/"oomScoreAdj":-[0-9]+/"oomScoreAdj":0/' "$bundle/config.json"
fi
exec /usr/sbin/runc "$@"
"""


def _containerd_config() -> str:
    root = STATE / "containerd"
    return f"""version = 2
root = "{root}/root"
state = "{RUN}/containerd"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]
[grpc]
  address = "{CONTAINERD_SOCKET}"
[ttrpc]
  address = "{RUN}/containerd-ttrpc.sock"
[plugins."io.containerd.internal.v1.opt"]
  path = "{root}/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "{PAUSE_IMAGE}"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        BinaryName = "{STATE}/runc-wrapper"
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "{STATE}/cni"
"""


def _cni_config() -> dict[str, object]:
    ipam = {
        "type": "host-local",
        "ranges": [[{"subnet": POD_CIDR}]],
        "routes": [{"dst": "0.0.0.0/0"}],
        "dataDir": str(STATE / "cni-ipam"),
    }
    return {
        "cniVersion": "0.4.0",
        "name": CNI_NETWORK,
        "plugins": [
            {
                "type": "bridge",
                "bridge": POD_BRIDGE,
                "isGateway": True,
                "ipMasq": True,
                "hairpinMode": True,
                "ipam": ipam,
            },
            {"type": "portmap", "capabilities": {"portMappings": True}},
        ],
    }


def start_containerd() -> None:
    (STATE / "cni").mkdir(parents=True, exist_ok=True)
    (STATE / "cni/10-kube-airflow.conflist").write_text(json.dumps(_cni_config(), indent=2))
    wrapper = STATE / "runc-wrapper"
    wrapper.write_text(RUNC_WRAPPER)
    wrapper.chmod(0o755)
    config = STATE / "containerd.toml"
    config.write_text(_containerd_config())
    start("containerd", ["containerd", "--config", str(config)])


def _kubelet_config() -> dict[str, object]:
    return {
        "apiVersion": "kubelet.config.k8s.io/v1beta1",
        "kind": "KubeletConfiguration",
        "authentication": {
            "anonymous": {"enabled": False},
            "webhook": {"enabled": True},
            "x509": {"clientCAFile": str(PKI / "ca.crt")},
        },
        "authorization": {"mode": "Webhook"},
        "address": NODE_IP,
        "readOnlyPort": 0,
        "healthzBindAddress": "127.0.0.1",
        "tlsCertFile": str(PKI / "kubelet.crt"),
        "tlsPrivateKeyFile": str(PKI / "kubelet.key"),
        "clusterDomain": CLUSTER_DOMAIN,
        "clusterDNS": [DNS_IP],
        # The host's resolv.conf names resolvers pods must not use: cluster DNS only.
        "resolvConf": str(STATE / "resolv.conf"),
        "cgroupDriver": "cgroupfs",
        "failCgroupV1": False,
        "failSwapOn": False,
        "containerRuntimeEndpoint": f"unix://{CONTAINERD_SOCKET}",
        "serializeImagePulls": False,
        # Nothing can be pulled here: images are imported, and must never be collected.
        "imageGCHighThresholdPercent": 100,
        "imageGCLowThresholdPercent": 99,
        "evictionHard": {
            "memory.available": "100Mi",
            "nodefs.available": "1%",
            "imagefs.available": "1%",
        },
        "rotateCertificates": False,
        "serverTLSBootstrap": False,
    }


def start_kubelet() -> None:
    (STATE / "resolv.conf").write_text(f"nameserver {DNS_IP}\n")
    config = STATE / "kubelet.yaml"
    config.write_text(json.dumps(_kubelet_config(), indent=2))
    start(
        "kubelet",
        [
            str(binary("kubelet")),
            f"--config={config}",
            f"--kubeconfig={STATE / 'node.kubeconfig'}",
            f"--root-dir={STATE / 'kubelet'}",
            f"--node-ip={NODE_IP}",
            f"--hostname-override={NODE_NAME}",
        ],
    )


def start_kube_proxy() -> None:
    config = STATE / "kube-proxy.yaml"
    config.write_text(
        json.dumps(
            {
                "apiVersion": "kubeproxy.config.k8s.io/v1alpha1",
                "kind": "KubeProxyConfiguration",
                "clientConnection": {"kubeconfig": str(STATE / "kube-proxy.kubeconfig")},
                "mode": "iptables",
                "clusterCIDR": CLUSTER_CIDR,
                "hostnameOverride": NODE_NAME,
                "bindAddress": NODE_IP,
                "healthzBindAddress": "127.0.0.1:10256",
                "metricsBindAddress": "127.0.0.1:10249",
                # Leave the host's conntrack table size alone.
                "conntrack": {"maxPerCore": 0},
            },
            indent=2,
        )
    )
    start("kube-proxy", [str(binary("kube-proxy")), f"--config={config}"])


def start_coredns() -> None:
    corefile = STATE / "Corefile"
    # Only the cluster's names are answered: pods have no business resolving the outside world.
    corefile.write_text(f"""{CLUSTER_DOMAIN}:53 in-addr.arpa:53 ip6.arpa:53 {{
    bind {DNS_IP}
    errors
    kubernetes {CLUSTER_DOMAIN} in-addr.arpa ip6.arpa {{
        kubeconfig {ADMIN_KUBECONFIG} kube-airflow
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
    }}
    cache 5
}}
.:53 {{
    bind {DNS_IP}
    template ANY ANY {{
        rcode NXDOMAIN
    }}
}}
""")
    start("coredns", [str(binary("coredns")), "-conf", str(corefile)])


def start_kube_router() -> None:
    """NetworkPolicy enforcement only: routing and service proxying stay with the bridge and
    kube-proxy."""
    start(
        "kube-router",
        [
            str(binary("kube-router")),
            f"--kubeconfig={ADMIN_KUBECONFIG}",
            f"--hostname-override={NODE_NAME}",
            "--run-firewall=true",
            "--run-router=false",
            "--run-service-proxy=false",
            "--metrics-port=0",
            "--health-port=20244",
        ],
    )


def containerd(*args: str, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["ctr", "--address", str(CONTAINERD_SOCKET), "--namespace", "k8s.io", *args],
        capture_output=True,
        input=input,
    )


def images() -> set[str]:
    out = containerd("images", "list", "--quiet").stdout.decode()
    return set(out.split())


def pause_image_present() -> bool:
    return PAUSE_IMAGE in images()


def import_image(archive: Path) -> None:
    result = containerd("images", "import", "--no-unpack=false", str(archive))
    if result.returncode != 0:
        raise RuntimeError(f"ctr images import failed: {result.stderr.decode()[-2000:]}")
