"""Password hashes for every login the gateway offers: SMTP AUTH, SFTP accounts, console users.

Passwords are never stored in the config, only a salted hash (``gateway hash-password`` makes one).
Formats, with standard base64 for salt and digest:

    scrypt$<N>$<r>$<p>$<salt>$<digest>            (the default: N=2**14, r=8, p=1, 32-byte digest)
    pbkdf2_sha256$<iterations>$<salt>$<digest>    (for hashes made elsewhere)

passlib's ``$pbkdf2-sha256$<iterations>$<salt>$<digest>`` (adapted base64) is read too. Anything else
is a configuration error, so a plain password pasted into ``password_hash`` is refused at start-up
instead of being compared as a string.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass

from gateway.errors import ConfigError

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 14, 8, 1
MAX_SCRYPT_N = 2 ** 20
PBKDF2_ITERATIONS = (10_000, 5_000_000)  # accepted range
SALT_BYTES = 16
DIGEST_BYTES = 32
# A valid hash compared against when the user is unknown, so timing does not tell which account
# names exist (the digest is all zeros: no password matches it).
DUMMY_HASH = f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${'A' * 22}==${'A' * 43}="


class PasswordHashError(ConfigError):
    """A ``password_hash`` that is not one of the documented formats."""

    code = "PASSWORD-HASH"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    text = text.replace(".", "+").rstrip("=")  # passlib's adapted base64, padding optional
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


def hash_password(password: str) -> str:
    """A new salted scrypt hash of ``password`` (``scrypt$N$r$p$salt$digest``)."""
    if not password:
        raise ValueError("an empty password cannot be hashed")
    salt = os.urandom(SALT_BYTES)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            dklen=DIGEST_BYTES)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


@dataclass(frozen=True)
class PasswordHash:
    """A parsed hash: the algorithm, its parameters, the salt and the expected digest."""

    scheme: str  # "scrypt" or "pbkdf2_sha256"
    params: tuple[int, ...]
    salt: bytes
    digest: bytes

    def matches(self, password: str) -> bool:
        """Whether ``password`` hashes to the stored digest (compared in constant time; CPU-bound)."""
        secret = password.encode("utf-8")
        if self.scheme == "scrypt":
            n, r, p = self.params
            got = hashlib.scrypt(secret, salt=self.salt, n=n, r=r, p=p, dklen=len(self.digest),
                                 maxmem=256 * 1024 * 1024)
        else:
            got = hashlib.pbkdf2_hmac("sha256", secret, self.salt, self.params[0], len(self.digest))
        return hmac.compare_digest(got, self.digest)


def _params(scheme: str, fields: list[str]) -> tuple[int, ...]:
    values = tuple(int(f) for f in fields)
    if scheme == "scrypt":
        n, r, p = values
        if not (1 < n <= MAX_SCRYPT_N and n & (n - 1) == 0 and 0 < r <= 32 and 0 < p <= 16):
            raise ValueError("scrypt parameters out of range")
    elif not PBKDF2_ITERATIONS[0] <= values[0] <= PBKDF2_ITERATIONS[1]:
        raise ValueError("pbkdf2 iterations out of range")
    return values


def parse_password_hash(text: str) -> PasswordHash:
    """Parse a stored hash; raises PasswordHashError for anything that is not a documented format."""
    parts = text.strip().split("$")
    if parts[0] == "" and parts[1:2] == ["pbkdf2-sha256"]:  # passlib's spelling
        parts = ["pbkdf2_sha256", *parts[2:]]
    shapes = {"scrypt": 6, "pbkdf2_sha256": 4}
    try:
        if shapes.get(parts[0]) != len(parts):
            raise ValueError("unknown scheme")
        params = _params(parts[0], parts[1:-2])
        salt, digest = _unb64(parts[-2]), _unb64(parts[-1])
    except (ValueError, binascii.Error) as exc:
        raise PasswordHashError(f"not a scrypt or pbkdf2_sha256 hash ({exc})") from None
    if len(digest) < 16 or len(salt) < 8:
        raise PasswordHashError("hash digest or salt too short")
    return PasswordHash(parts[0], params, salt, digest)
