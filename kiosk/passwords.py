"""Secrets: scrypt password hashes, random tokens and their SHA-256 digests. Pure functions, thread-safe."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

# scrypt cost as OWASP's password storage cheat sheet asks (N=2^17, r=8, p=1): 128 MiB and ~0.6 s per
# hash on a 2-core x86 (more on a Raspberry Pi 4), paid once per login. Hashes made with a lower cost
# are upgraded at the next successful login (`needs_rehash`). Tests lower it (tests/conftest.py).
SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_LEN = 2**17, 8, 1, 32
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 128  # the one limit: account creation (CLI and admin page) and the login form
_MAXMEM = 2**28  # hashlib's default (32 MiB) is below what N=2^17, r=8 needs (128 MiB)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def hash_password(password: str) -> str:
    """A self-describing hash: ``scrypt$N$r$p$salt$digest`` (base64), with a fresh 16-byte salt."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=SCRYPT_N,
        r=SCRYPT_R,
        p=SCRYPT_P,
        dklen=SCRYPT_LEN,
        maxmem=_MAXMEM,
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches ``stored`` (constant-time comparison); False for a malformed hash."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
            maxmem=_MAXMEM,
        )
    except (ValueError, TypeError, MemoryError):
        return False
    return hmac.compare_digest(got, expected)


def needs_rehash(stored: str) -> bool:
    """True when ``stored`` was made with other scrypt parameters than today's (hash it again)."""
    parts = stored.split("$")
    return len(parts) != 6 or parts[:4] != ["scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P)]


_dummy: dict[int, str] = {}


def dummy_hash() -> str:
    """A hash at today's cost, verified against when the account does not exist, so unknown names take
    as long as wrong passwords. Made once per cost."""
    if SCRYPT_N not in _dummy:
        _dummy[SCRYPT_N] = hash_password(secrets.token_urlsafe(16))
    return _dummy[SCRYPT_N]


def new_token() -> str:
    """A random URL-safe token with 256 bits of entropy (kiosk tokens, session ids)."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """The SHA-256 hex digest under which a token is stored (the token itself never is)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same_secret(a: str, b: str) -> bool:
    """Constant-time equality of two strings."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
