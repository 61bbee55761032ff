"""`kiosk staff set-pin`: reads a 4-8 digit PIN on stdin and writes its scrypt hash to ``[staff] pin_hash``.

The hash format is the hub's password format (``scrypt$N$r$p$salt$digest``, kiosk.passwords). The
config file is edited in place (only that key's line changes, comments stay); without a config file
(demo) the line to paste is printed instead.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TextIO

from kiosk.config import Config
from kiosk.domain.staff_pin import valid_pin
from kiosk.passwords import hash_password

EXIT_USAGE = 2


def with_pin_hash(text: str, pin_hash: str) -> str:
    """The TOML ``text`` with ``[staff] pin_hash`` set (the section is added when missing)."""
    line = f'pin_hash = "{pin_hash}"'
    section = re.search(r"(?m)^\[staff\][ \t]*$", text)
    if section is None:
        return text.rstrip("\n") + f"\n\n[staff]\n{line}\n"
    following = re.search(r"(?m)^\[", text[section.end() :])
    end = section.end() + (following.start() if following else len(text) - section.end())
    body = text[section.end() : end]
    if re.search(r"(?m)^pin_hash\s*=", body):
        body = re.sub(r"(?m)^pin_hash\s*=.*$", line, body, count=1)
    else:
        body = "\n" + line + body
    return text[: section.end()] + body + text[end:]


def set_pin_command(config: Config, stdin: TextIO) -> int:
    """Read the PIN, hash it, store it. Returns 0, or 2 with one line on stderr."""
    pin = stdin.readline().strip()
    if not valid_pin(pin):
        print("kiosk: the PIN must be 4 to 8 digits (read from standard input)", file=sys.stderr)
        return EXIT_USAGE
    pin_hash = hash_password(pin)
    if config.demo:
        print("No configuration file: add this line to the [staff] section of your kiosk.toml:")
        print(f'pin_hash = "{pin_hash}"')
        return 0
    path = Path(config.source)
    try:
        path.write_text(with_pin_hash(path.read_text(encoding="utf-8"), pin_hash), encoding="utf-8")
    except OSError as exc:
        print(f"kiosk: {path}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"Staff PIN set in {path} (restart the kiosk to use it)")
    return 0
