"""SMTP security material: the STARTTLS certificate and the AUTH users' password hashes.

Password hashes use the gateway's one format, shared with the SFTP source (``connectors.sftp_auth``
parses and checks them): ``scrypt$<N>$<r>$<p>$<salt>$<digest>`` (what ``hash_password`` makes: N=2**14,
r=8, p=1, 16-byte salt, 32-byte digest) or ``pbkdf2_sha256$<iterations>$<salt>$<digest>`` for hashes
made elsewhere; standard base64. A plain password in ``smtp.users[].password_hash`` is refused at
start-up. Make a hash without a CLI:
``python -c 'from connectors.smtp import hash_password; print(hash_password("..."))'`` and put it in
the config or in the environment variable named by ``password_hash_env``. Checking is CPU-bound: the
SMTP source runs it in a thread.

For the embedded default (``generate_self_signed = true``) a self-signed EC P-256 certificate for the
configured host name, ``localhost`` and ``127.0.0.1`` is made on first start at ``tls_cert`` /
``tls_key`` (key mode 0600, written atomically); existing files are used as they are.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import ssl
from pathlib import Path

from gateway.passwords import DUMMY_HASH, PasswordHash, PasswordHashError, hash_password, parse_password_hash
from gateway.config import SmtpAuthUser, SmtpSection
from gateway.errors import ConfigError

__all__ = ["UserTable", "hash_password", "make_self_signed", "server_tls_context"]

CERT_DAYS = 3650


class UserTable:
    """The AUTH users and their parsed hashes, resolved once at start."""

    def __init__(self, hashes: dict[str, PasswordHash]) -> None:
        self._hashes = hashes

    @classmethod
    def from_config(cls, users: list[SmtpAuthUser], where: str) -> UserTable:
        """Raises ConfigError for a user without a hash, or with something that is not a hash."""
        hashes: dict[str, PasswordHash] = {}
        for index, user in enumerate(users):
            key = f"{where}: smtp.users[{index}]"
            value = os.environ.get(user.password_hash_env, "") if user.password_hash_env else user.password_hash
            if not value:
                raise ConfigError(f"{key}: no password hash (set password_hash or the variable "
                                  f"named by password_hash_env)")
            try:
                hashes[user.username] = parse_password_hash(value)
            except PasswordHashError as exc:
                raise ConfigError(f"{key}.password_hash: {exc.message}; plain passwords are refused") from None
        return cls(hashes)

    def __bool__(self) -> bool:
        return bool(self._hashes)

    def verify(self, username: str, password: bytes) -> bool:
        """Same work whether or not the user exists, so timing does not reveal user names."""
        known = self._hashes.get(username)
        text = password.decode("utf-8", errors="replace")
        ok = (known or parse_password_hash(DUMMY_HASH)).matches(text)
        return ok and known is not None


def _write_private(path: Path, data: bytes, mode: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def make_self_signed(cert_path: Path, key_path: Path, hostname: str) -> None:
    """A new EC P-256 key (mode 0600) and a self-signed certificate for ``hostname`` and loopback."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hostname[:64])])
    now = dt.datetime.now(dt.UTC)
    alt = x509.SubjectAlternativeName([x509.DNSName(hostname), x509.DNSName("localhost"),
                                       x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                       x509.IPAddress(ipaddress.ip_address("::1"))])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=CERT_DAYS)).add_extension(alt, critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .sign(key, hashes.SHA256()))
    _write_private(key_path, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()), 0o600)
    _write_private(cert_path, cert.public_bytes(serialization.Encoding.PEM), 0o644)


def server_tls_context(section: SmtpSection, where: str) -> ssl.SSLContext | None:
    """The STARTTLS context (None when no certificate is configured); makes the self-signed pair first
    when asked to and it is missing. Raises ConfigError when the files cannot be used."""
    if section.tls_cert is None or section.tls_key is None:
        if section.require_tls:
            raise ConfigError(f"{where}: smtp.require_tls: needs tls_cert and tls_key")
        return None
    if section.generate_self_signed and not (section.tls_cert.is_file() and section.tls_key.is_file()):
        make_self_signed(section.tls_cert, section.tls_key, section.hostname)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        context.load_cert_chain(section.tls_cert, section.tls_key)
    except (OSError, ssl.SSLError) as exc:
        raise ConfigError(f"{where}: smtp.tls_cert: cannot load the certificate and key "
                          f"({type(exc).__name__})") from None
    return context
