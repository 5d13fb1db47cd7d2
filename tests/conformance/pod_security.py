"""Pod Security Standards, "restricted" profile at version "latest", as the PSA plugin applies it.

Mirrors k8s.io/pod-security-admission/policy (check_*.go) so that a namespace labelled
``pod-security.kubernetes.io/enforce: restricted`` admits every pod our manifests create.
Where the restricted level overrides a baseline check (capabilities, hostPath, seccomp, procMount)
only the restricted variant runs, exactly as the plugin's OverrideCheckIDs do; that is why, for
example, a Windows pod (``spec.os.name: windows``) skips the capabilities and seccomp checks.
"""

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .manifests import (
    Doc,
    PodTemplate,
    container_label,
    containers_with_paths,
    describe,
    pod_templates,
)

Check = Callable[[PodTemplate], list[str]]

BASELINE_SELINUX_TYPES = frozenset(
    {"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"}
)
# policy/check_sysctls.go, sysctlsAllowedV1Dot37 (the newest set, used for "latest").
ALLOWED_SYSCTLS = frozenset(
    {
        "kernel.shm_rmid_forced",
        "net.ipv4.ip_local_port_range",
        "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range",
        "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time",
        "net.ipv4.tcp_fin_timeout",
        "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes",
        "net.ipv4.tcp_rmem",
        "net.ipv4.tcp_wmem",
        "net.ipv4.tcp_slow_start_after_idle",
        "net.ipv4.tcp_notsent_lowat",
    }
)
# policy/check_restrictedVolumes.go; "image" volumes were added to the allowed list upstream.
ALLOWED_VOLUME_TYPES = frozenset(
    {
        "configMap",
        "csi",
        "downwardAPI",
        "emptyDir",
        "ephemeral",
        "image",
        "persistentVolumeClaim",
        "projected",
        "secret",
    }
)
ALLOWED_SECCOMP_TYPES = frozenset({"RuntimeDefault", "Localhost"})
ALLOWED_APPARMOR_TYPES = frozenset({"RuntimeDefault", "Localhost"})
APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/"
PROBE_FIELDS = ("livenessProbe", "readinessProbe", "startupProbe")


def _sc(obj: Doc) -> Doc:
    return obj.get("securityContext") or {}


def _is_windows(t: PodTemplate) -> bool:
    """PSA skips Linux-only restricted checks for pods that declare a Windows OS."""
    return (t.spec.get("os") or {}).get("name") == "windows"


def _in_user_namespace(t: PodTemplate) -> bool:
    """``hostUsers: false`` relaxes runAsNonRoot/runAsUser since policy version 1.35."""
    return t.spec.get("hostUsers") is False


def _pod_sc_path(t: PodTemplate) -> str:
    return f"{t.where}.securityContext"


def _containers(t: PodTemplate) -> Iterator[tuple[str, Doc]]:
    """``(message prefix ending at the container, container)`` for every container."""
    for path, container in containers_with_paths(t.spec):
        yield f"{t.where}.{path}", container


def _bad(prefix: str, field: str, message: str, container: Doc | None = None) -> str:
    suffix = f" ({container_label(container)})" if container is not None else ""
    return f"{prefix}.{field}: {message}{suffix}"


def check_host_process(t: PodTemplate) -> list[str]:
    """Windows HostProcess containers run with host privileges (baseline)."""
    field, message = "securityContext.windowsOptions.hostProcess", "must not be true"
    out = []
    if (_sc(t.spec).get("windowsOptions") or {}).get("hostProcess") is True:
        out.append(_bad(t.where, field, message))
    for prefix, c in _containers(t):
        if (_sc(c).get("windowsOptions") or {}).get("hostProcess") is True:
            out.append(_bad(prefix, field, message, c))
    return out


def check_host_namespaces(t: PodTemplate) -> list[str]:
    """Sharing the host network, PID or IPC namespace escapes pod isolation (baseline)."""
    return [
        _bad(t.where, field, "must not be true")
        for field in ("hostNetwork", "hostPID", "hostIPC")
        if t.spec.get(field) is True
    ]


def check_privileged(t: PodTemplate) -> list[str]:
    """Privileged containers disable most security mechanisms (baseline)."""
    return [
        _bad(prefix, "securityContext.privileged", "must not be true", c)
        for prefix, c in _containers(t)
        if _sc(c).get("privileged") is True
    ]


def check_capabilities(t: PodTemplate) -> list[str]:
    """Restricted: drop ALL and add nothing but NET_BIND_SERVICE (overrides the baseline list)."""
    if _is_windows(t):
        return []
    out = []
    for prefix, c in _containers(t):
        caps = _sc(c).get("capabilities") or {}
        if "ALL" not in (caps.get("drop") or []):
            out.append(_bad(prefix, "securityContext.capabilities.drop", 'must include "ALL"', c))
        extra = sorted(str(a) for a in caps.get("add") or [] if a != "NET_BIND_SERVICE")
        if extra:
            message = f"must not add {extra} (only NET_BIND_SERVICE is allowed)"
            out.append(_bad(prefix, "securityContext.capabilities.add", message, c))
    return out


def check_host_ports(t: PodTemplate) -> list[str]:
    """hostPort binds on the node and bypasses network policy (baseline)."""
    out = []
    for prefix, c in _containers(t):
        for i, port in enumerate(c.get("ports") or []):
            if port.get("hostPort") not in (None, 0):
                out.append(_bad(prefix, f"ports[{i}].hostPort", "must be unset or 0", c))
    return out


def _handler_host_fields(handler: Any) -> Iterator[str]:
    if not isinstance(handler, dict):
        return
    for action in ("httpGet", "tcpSocket"):
        if (handler.get(action) or {}).get("host"):
            yield f"{action}.host"


def check_probe_and_lifecycle_hosts(t: PodTemplate) -> list[str]:
    """Probes/hooks with ``host`` can make the kubelet reach arbitrary hosts (baseline, 1.34+)."""
    out = []
    for prefix, c in _containers(t):
        handlers = [(f, c.get(f)) for f in PROBE_FIELDS]
        lifecycle = c.get("lifecycle") or {}
        handlers += [(f"lifecycle.{f}", lifecycle.get(f)) for f in ("postStart", "preStop")]
        for field, handler in handlers:
            for host_field in _handler_host_fields(handler):
                out.append(_bad(prefix, f"{field}.{host_field}", "must be unset or empty", c))
    return out


def _apparmor_ok(profile: Any) -> bool:
    return profile is None or (profile or {}).get("type") in ALLOWED_APPARMOR_TYPES


def _apparmor_annotation_ok(value: Any) -> bool:
    value = "" if value is None else str(value)
    return value in ("", "runtime/default") or value.startswith("localhost/")


def check_apparmor(t: PodTemplate) -> list[str]:
    """AppArmor must not be disabled/overridden: field type or legacy annotation (baseline)."""
    field, message = "securityContext.appArmorProfile.type", "must be RuntimeDefault or Localhost"
    out = []
    if not _apparmor_ok(_sc(t.spec).get("appArmorProfile")):
        out.append(_bad(t.where, field, message))
    for prefix, c in _containers(t):
        if not _apparmor_ok(_sc(c).get("appArmorProfile")):
            out.append(_bad(prefix, field, message, c))
    for key, value in sorted((t.metadata.get("annotations") or {}).items()):
        if key.startswith(APPARMOR_ANNOTATION_PREFIX) and not _apparmor_annotation_ok(value):
            path = f"{describe(t.owner)}: {t.meta_path}.annotations[{key}]"
            out.append(f"{path}: must be runtime/default or localhost/* (got {value!r})")
    return out


def _selinux_problems(options: Any) -> list[str]:
    if not isinstance(options, dict):
        return []
    problems = []
    if str(options.get("type") or "") not in BASELINE_SELINUX_TYPES:
        problems.append(f"type {options.get('type')!r} is not allowed")
    problems += [f"{key} may not be set" for key in ("user", "role") if options.get(key)]
    return problems


def check_selinux(t: PodTemplate) -> list[str]:
    """Custom SELinux user/role or non-container types escape confinement (baseline)."""
    field = "securityContext.seLinuxOptions"
    out = [_bad(t.where, field, p) for p in _selinux_problems(_sc(t.spec).get("seLinuxOptions"))]
    for prefix, c in _containers(t):
        out += [_bad(prefix, field, p, c) for p in _selinux_problems(_sc(c).get("seLinuxOptions"))]
    return out


def check_proc_mount(t: PodTemplate) -> list[str]:
    """Unmasked /proc exposes host info; restricted (1.35+) forbids it even with hostUsers=false."""
    return [
        _bad(prefix, "securityContext.procMount", "must be unset or Default", c)
        for prefix, c in _containers(t)
        if _sc(c).get("procMount") not in (None, "Default")
    ]


def _seccomp_type(sc: Doc) -> tuple[bool, bool]:
    """(profile set, profile allowed) for a securityContext."""
    profile = sc.get("seccompProfile")
    if profile is None:
        return False, False
    return True, (profile or {}).get("type") in ALLOWED_SECCOMP_TYPES


def check_seccomp(t: PodTemplate) -> list[str]:
    """Restricted: RuntimeDefault/Localhost at pod level or on every container, never Unconfined."""
    if _is_windows(t):
        return []
    field = "securityContext.seccompProfile.type"
    out = []
    pod_set, pod_ok = _seccomp_type(_sc(t.spec))
    if pod_set and not pod_ok:
        out.append(_bad(t.where, field, "must be RuntimeDefault or Localhost"))
    for prefix, c in _containers(t):
        c_set, c_ok = _seccomp_type(_sc(c))
        if c_set and not c_ok:
            out.append(_bad(prefix, field, "must be RuntimeDefault or Localhost", c))
        elif not c_set and not (pod_set and pod_ok):
            message = "must be RuntimeDefault or Localhost here or at pod level"
            out.append(_bad(prefix, field, message, c))
    return out


def check_sysctls(t: PodTemplate) -> list[str]:
    """Only namespaced, pod-isolated sysctls are safe (baseline)."""
    sysctls = _sc(t.spec).get("sysctls") or []
    return [
        _bad(t.where, f"securityContext.sysctls[{i}].name", f"{s.get('name')!r} is not allowed")
        for i, s in enumerate(sysctls)
        if s.get("name") not in ALLOWED_SYSCTLS
    ]


def check_volume_types(t: PodTemplate) -> list[str]:
    """Restricted allows only volume types that cannot reach node or network storage directly."""
    out = []
    for i, volume in enumerate(t.spec.get("volumes") or []):
        sources = {k for k, v in volume.items() if k != "name" and v is not None}
        if not sources & ALLOWED_VOLUME_TYPES:
            kinds = ", ".join(sorted(sources)) or "unknown"
            message = f"volume {volume.get('name')!r} uses forbidden type {kinds}"
            out.append(f"{t.where}.volumes[{i}]: {message}")
    return out


def check_allow_privilege_escalation(t: PodTemplate) -> list[str]:
    """Restricted: no setuid escalation; must be explicitly false on every container."""
    if _is_windows(t):
        return []
    return [
        _bad(prefix, "securityContext.allowPrivilegeEscalation", "must be false", c)
        for prefix, c in _containers(t)
        if _sc(c).get("allowPrivilegeEscalation") is not False
    ]


def check_run_as_non_root(t: PodTemplate) -> list[str]:
    """Restricted: true at pod level (inherited) or on every container; never false anywhere."""
    if _in_user_namespace(t):
        return []
    field = "securityContext.runAsNonRoot"
    out = []
    pod_value = _sc(t.spec).get("runAsNonRoot")
    if pod_value is False:
        out.append(_bad(t.where, field, "must not be false"))
    for prefix, c in _containers(t):
        value = _sc(c).get("runAsNonRoot")
        if value is False:
            out.append(_bad(prefix, field, "must not be false", c))
        elif value is None and pod_value is not True:
            out.append(_bad(prefix, field, "must be true here or at pod level", c))
    return out


def _is_root(value: Any) -> bool:
    return value == 0 and value is not False


def check_run_as_user(t: PodTemplate) -> list[str]:
    """Restricted: runAsUser 0 (root) is forbidden at pod and container level."""
    if _in_user_namespace(t):
        return []
    field = "securityContext.runAsUser"
    out = [_bad(t.where, field, "must not be 0")] if _is_root(_sc(t.spec).get("runAsUser")) else []
    out += [
        _bad(prefix, field, "must not be 0", c)
        for prefix, c in _containers(t)
        if _is_root(_sc(c).get("runAsUser"))
    ]
    return out


RESTRICTED_CHECKS: tuple[Check, ...] = (
    # baseline checks that restricted keeps as they are
    check_host_process,
    check_host_namespaces,
    check_privileged,
    check_host_ports,
    check_probe_and_lifecycle_hosts,
    check_apparmor,
    check_selinux,
    check_sysctls,
    # restricted checks (capabilities, volumes, seccomp, procMount override their baseline twins)
    check_capabilities,
    check_volume_types,
    check_seccomp,
    check_proc_mount,
    check_allow_privilege_escalation,
    check_run_as_non_root,
    check_run_as_user,
)


def restricted_violations(docs: Iterable[Doc]) -> list[str]:
    """Every way the pods of ``docs`` would be rejected by PSA enforce=restricted (latest)."""
    out: list[str] = []
    for doc in docs:
        for template in pod_templates(doc):
            for check in RESTRICTED_CHECKS:
                out.extend(check(template))
    return out
