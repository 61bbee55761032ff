"""Secrets: scrypt password hashes, random tokens and their SHA-256 digests. Pure functions, thread-safe."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

# scrypt cost: 16 MiB and ~50 ms per hash on a Raspberry Pi 4, slow enough for guessing, fine for logins.
SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_LEN = 2**14, 8, 1, 32
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def hash_password(password: str) -> str:
    """A self-describing hash: ``scrypt$N$r$p$salt$digest`` (base64), with a fresh 16-byte salt."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=SCRYPT_LEN
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
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


# Verified against when the account does not exist, so unknown names take as long as wrong passwords.
DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


def new_token() -> str:
    """A random URL-safe token with 256 bits of entropy (kiosk tokens, session ids)."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """The SHA-256 hex digest under which a token is stored (the token itself never is)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same_secret(a: str, b: str) -> bool:
    """Constant-time equality of two strings."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
