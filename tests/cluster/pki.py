"""The cluster's certificates and kubeconfigs, made with openssl (EC P-256, one CA); and the
self-signed serving certificates of the tests' own servers, made with cryptography."""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


@dataclass(frozen=True)
class Identity:
    """A client or serving certificate: its file stem, subject and subjectAltNames."""

    name: str
    common_name: str
    organization: str = ""
    alt_names: tuple[str, ...] = ()  # "IP:10.0.0.1" / "DNS:kubernetes"


def _openssl(*args: str) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True)


def _key(path: Path) -> None:
    _openssl(
        "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", str(path)
    )
    path.chmod(0o600)


def make_ca(folder: Path) -> None:
    if (folder / "ca.crt").exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    _key(folder / "ca.key")
    # The extensions kubeadm's CA carries: Python 3.13's default TLS context (the official
    # Airflow image's) verifies strictly and refuses a CA without keyUsage.
    _openssl(
        "req", "-x509", "-new", "-key", str(folder / "ca.key"), "-days", "3650",
        "-subj", "/CN=kube-airflow-test-ca", "-out", str(folder / "ca.crt"),
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign",
        "-addext", "subjectKeyIdentifier=hash",
    )  # fmt: skip


def issue(folder: Path, who: Identity) -> tuple[Path, Path]:
    """Sign a certificate for `who` with the CA in `folder` (kept if it exists)."""
    cert, key = folder / f"{who.name}.crt", folder / f"{who.name}.key"
    if cert.exists():
        return cert, key
    _key(key)
    subject = f"/CN={who.common_name}" + (f"/O={who.organization}" if who.organization else "")
    usage = "serverAuth,clientAuth" if who.alt_names else "clientAuth"
    extensions = [
        "basicConstraints=CA:FALSE",
        "keyUsage=critical,digitalSignature,keyEncipherment",
        f"extendedKeyUsage={usage}",
        "authorityKeyIdentifier=keyid:always",
    ]
    if who.alt_names:
        extensions.append("subjectAltName=" + ",".join(who.alt_names))
    with tempfile.TemporaryDirectory() as tmp:
        csr, ext = Path(tmp) / "csr", Path(tmp) / "ext"
        ext.write_text("\n".join(extensions) + "\n")
        _openssl("req", "-new", "-key", str(key), "-subj", subject, "-out", str(csr))
        _openssl(
            "x509", "-req", "-in", str(csr), "-CA", str(folder / "ca.crt"),
            "-CAkey", str(folder / "ca.key"), "-CAcreateserial", "-days", "365",
            "-extfile", str(ext), "-out", str(cert),
        )  # fmt: skip
    return cert, key


def service_account_keys(folder: Path) -> tuple[Path, Path]:
    private, public = folder / "sa.key", folder / "sa.pub"
    if not public.exists():
        _key(private)
        _openssl("pkey", "-in", str(private), "-pubout", "-out", str(public))
    return private, public


def kubeconfig(path: Path, server: str, ca: Path, cert: Path, key: Path) -> Path:
    """A kubeconfig naming certificate files (JSON is valid YAML, and needs no library)."""
    cluster = {"server": server, "certificate-authority": str(ca)}
    user = {"client-certificate": str(cert), "client-key": str(key)}
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": "kube-airflow", "cluster": cluster}],
        "users": [{"name": "user", "user": user}],
        "contexts": [
            {"name": "kube-airflow", "context": {"cluster": "kube-airflow", "user": "user"}}
        ],
        "current-context": "kube-airflow",
    }
    path.write_text(json.dumps(config, indent=2) + "\n")
    path.chmod(0o600)
    return path


@dataclass
class Certificate:
    pem: str
    key_pem: str
    spki_sha256: str  # base64, as chromium's --ignore-certificate-errors-spki-list takes it


def self_signed(host: str, days: int = 1) -> Certificate:
    """The certificate a user would get from their issuer, made here: a day (or `days`), for
    `host` only."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    spki = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return Certificate(
        cert.public_bytes(serialization.Encoding.PEM).decode(),
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode(),
        base64.b64encode(hashlib.sha256(spki).digest()).decode(),
    )
