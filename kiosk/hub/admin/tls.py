"""The hub's own certificate authority: `kiosk tls make` creates a local CA (once) and a server
certificate for the hub's names and addresses, so a library without an IT department gets HTTPS.

Files live in ``<data_dir>/tls/``: ``ca.crt`` (install on phones and kiosks, ``[kiosk] hub_ca``),
``ca.key`` (stays on the hub, mode 0600), ``hub.crt`` and ``hub.key`` (``[hub] tls_cert``/``tls_key``).
Pure functions over the filesystem; not thread-safe against a concurrent `make_certificates`.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kiosk.config import Config
from kiosk.local_address import lan_address

CA_YEARS = 20
SERVER_DAYS = 825  # the longest validity Apple devices accept for a server certificate
EXIT_FAILURE = 1


@dataclass(frozen=True)
class TlsFiles:
    """Where the authority and the server certificate are."""

    folder: Path

    @property
    def ca_cert(self) -> Path:
        return self.folder / "ca.crt"

    @property
    def ca_key(self) -> Path:
        return self.folder / "ca.key"

    @property
    def cert(self) -> Path:
        return self.folder / "hub.crt"

    @property
    def key(self) -> Path:
        return self.folder / "hub.key"


def tls_files(config: Config) -> TlsFiles:
    """The TLS folder of this configuration's hub."""
    return TlsFiles(config.data_dir / "tls")


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _load_or_make_ca(
    files: TlsFiles, site_name: str, now: dt.datetime
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    if files.ca_cert.exists() and files.ca_key.exists():
        cert = x509.load_pem_x509_certificate(files.ca_cert.read_bytes())
        key = serialization.load_pem_private_key(files.ca_key.read_bytes(), password=None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        return cert, key
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{site_name[:40]} - autorité locale")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * CA_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    files.folder.mkdir(parents=True, exist_ok=True)
    _write_private(files.ca_key, _pem_key(key))
    files.ca_cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert, key


def make_certificates(
    files: TlsFiles, names: list[str], addresses: list[str], *, site_name: str, now: dt.datetime | None = None
) -> None:
    """Create the authority when missing (kept otherwise: phones that trust it keep trusting it) and a
    new server certificate for ``names`` (DNS) and ``addresses`` (IP). Raises ValueError for a bad
    address."""
    now = now or dt.datetime.now(dt.UTC)
    ips = [ipaddress.ip_address(a) for a in addresses]
    ca_cert, ca_key = _load_or_make_ca(files, site_name, now)
    key = ec.generate_private_key(ec.SECP256R1())
    alt = [x509.DNSName(n) for n in names] + [x509.IPAddress(ip) for ip in ips]
    common = names[0] if names else str(ips[0])
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=SERVER_DAYS))
        .add_extension(x509.SubjectAlternativeName(alt), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    _write_private(files.key, _pem_key(key))
    files.cert.write_bytes(
        cert.public_bytes(serialization.Encoding.PEM) + ca_cert.public_bytes(serialization.Encoding.PEM)
    )


def local_names() -> tuple[list[str], list[str]]:
    """This machine's names (hostname, hostname.local, localhost) and addresses (127.0.0.1 and the
    address of the interface that routes to the local network; nothing is sent)."""
    host = socket.gethostname()
    names = list(dict.fromkeys([host, f"{host}.local", "localhost"]))
    found = lan_address()
    return names, ["127.0.0.1", *([found] if found else [])]


def make_command(config: Config, names: list[str], addresses: list[str]) -> int:
    """`kiosk tls make`: write the files and say which config lines to add. Returns the exit status."""
    found_names, found_addresses = local_names()
    names = names or found_names
    addresses = addresses or found_addresses
    files = tls_files(config)
    try:
        make_certificates(files, names, addresses, site_name=config.site.name)
    except ValueError as exc:
        print(f"kiosk: --address: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"kiosk: cannot write {files.folder}: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    print(f"Certificate for {', '.join(names + addresses)} written to {files.folder}.")
    print("Add to the hub's configuration, [hub] section:")
    print(f'  tls_cert = "{files.cert}"')
    print(f'  tls_key = "{files.key}"')
    print(f"Kiosks on other machines: copy {files.ca_cert} and set [kiosk] hub_ca to its path.")
    print("Phones: open https://<hub>/ca on the phone (or scan the QR code on the kiosk's staff screen).")
    return 0
