"""The TOML configuration: its schema, demo defaults, and errors that name file, key and expectation.

tomllib (stdlib) parses. The schema is frozen dataclasses; each field's rule (its type is its default's,
a range, choices, a pattern, or a check) sits beside it in the field's metadata (`_rule`), and
`section_from` checks a table against them and words every problem for the person who installs the kiosk.

Why not pydantic, which DESIGN lists for the config: the kiosk reads its config before its first frame,
and importing pydantic and building the seven models took ~100 ms of it, measured with
tests/benchmarks/bench_ui.py: a median 1.51x a bare Kivy app's start with pydantic, 1.15x without
(target 1.3x). msgspec, the light library for this, costs 15 ms to import. Lessons and the hub's API
still use pydantic (after the first frame). See ARCHITECTURE.md, "Kiosk start".
"""

from __future__ import annotations

import os
import re
import tomllib
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar, cast

PRINTER_URI_RE = re.compile(
    r"^(preview|file:.+|network://[^:/\s]+(:\d{1,5})?|usb://[0-9a-fA-F]{4}:[0-9a-fA-F]{4}"
    r"|serial://.+|cups://.+)$"
)


class ConfigError(Exception):
    """A configuration problem, worded for the person who installs the kiosk (one line)."""


class ConfigProblem(ValueError):
    """One key's problem: ``key`` (empty for the whole table) and ``what`` (« expected … »)."""

    def __init__(self, key: str, what: str) -> None:
        super().__init__(f"{key}: {what}" if key else what)
        self.key = key
        self.what = what


class ConfigProblems(Exception):
    """Every problem of a table or a file, in the order found (at least one)."""

    def __init__(self, problems: list[ConfigProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def _rule(
    *,
    ge: float | None = None,
    le: float | None = None,
    gt: float | None = None,
    lt: float | None = None,
    choices: tuple[object, ...] = (),
    pattern: str = "",
    meaning: str = "",
    min_length: int | None = None,
    max_length: int | None = None,
    check: Callable[[Any], Any] | None = None,
) -> dict[str, Any]:
    """A field's rule, for ``field(metadata=…)``. ``meaning`` says in words what ``pattern`` accepts;
    ``check`` gets the value once its type and bounds are right, returns it (maybe tidied) or raises
    ValueError with what is expected."""
    return {
        "rule": {
            "ge": ge,
            "le": le,
            "gt": gt,
            "lt": lt,
            "choices": choices,
            "pattern": re.compile(pattern) if pattern else None,
            "meaning": meaning,
            "min_length": min_length,
            "max_length": max_length,
            "check": check,
        }
    }


_KINDS = {bool: "true or false", int: "a whole number", float: "a number", str: "text in quotes"}


def _words(values: tuple[object, ...]) -> str:
    shown = [repr(v) for v in values]
    return ", ".join(shown[:-1]) + " or " + shown[-1] if len(shown) > 1 else shown[0]


def _bounds(rule: Mapping[str, Any]) -> str:
    """« from 30 to 3600 », « above 0 and up to 30 », « above 50 and below 3000 »…"""
    ge, gt, le, lt = rule["ge"], rule["gt"], rule["le"], rule["lt"]
    if ge is not None and le is not None:
        return f" from {ge:g} to {le:g}"
    low = f"from {ge:g}" if ge is not None else f"above {gt:g}" if gt is not None else ""
    high = f"up to {le:g}" if le is not None else f"below {lt:g}" if lt is not None else ""
    return " " + " and ".join(part for part in (low, high) if part)


def _checked(name: str, kind: type, rule: Mapping[str, Any], value: Any) -> Any:
    """``value`` for the field ``name`` of type ``kind``, or ConfigProblem."""
    got = f", got {value!r}"
    if kind is float and type(value) is int:
        value = float(value)
    if type(value) is not kind:
        raise ConfigProblem(name, f"expected {_KINDS[kind]}{got}")
    if rule["choices"] and value not in rule["choices"]:
        raise ConfigProblem(name, f"expected {_words(rule['choices'])}{got}")
    if kind in (int, float):
        inside = (  # written so that TOML's nan, which compares False with everything, is outside
            (rule["ge"] is None or value >= rule["ge"])
            and (rule["gt"] is None or value > rule["gt"])
            and (rule["le"] is None or value <= rule["le"])
            and (rule["lt"] is None or value < rule["lt"])
        )
        if not inside:
            raise ConfigProblem(name, f"expected {_KINDS[kind]}{_bounds(rule)}{got}")
    if isinstance(value, str):
        if rule["min_length"] is not None and len(value) < rule["min_length"]:
            raise ConfigProblem(name, f"expected at least {rule['min_length']} character{got}")
        if rule["max_length"] is not None and len(value) > rule["max_length"]:
            raise ConfigProblem(name, f"expected at most {rule['max_length']} characters{got}")
        if rule["pattern"] is not None and not rule["pattern"].fullmatch(value):
            raise ConfigProblem(name, f"expected {rule['meaning']}{got}")
    if rule["check"] is not None:
        try:
            value = rule["check"](value)
        except ValueError as exc:
            raise ConfigProblem(name, f"expected {exc}") from None
    return value


_NO_RULE = _rule()["rule"]
_S = TypeVar("_S", bound="_Section")


def section_from(cls: type[_S], table: object) -> _S:
    """A ``cls`` section from a TOML table, every key checked against its rule.

    Raises:
        ConfigProblems: one per key that is unknown or wrong (key "" for the table).
    """
    if not isinstance(table, Mapping):
        raise ConfigProblems([ConfigProblem("", "expected a [section] table")])
    known = {f.name: f for f in fields(cls)}
    problems = [ConfigProblem(str(key), "unknown key") for key in table if key not in known]
    values: dict[str, Any] = {}
    for name, spec in known.items():
        if name not in table:
            continue
        rule = spec.metadata.get("rule", _NO_RULE)
        try:  # every field has a default (the demo config), and its type is the field's
            values[name] = _checked(name, type(spec.default), rule, table[name])
        except ConfigProblem as problem:
            problems.append(problem)
    if not problems:
        try:
            made = cls(**values)
            made.check()
            return made
        except ValueError as exc:
            problems.append(ConfigProblem("", f"expected {exc}"))
    raise ConfigProblems(problems)


@dataclass(frozen=True, kw_only=True)
class _Section:
    def check(self) -> None:
        """Rules between keys of the section; ValueError says what is expected."""


def _printable(value: str) -> str:
    """Control bytes and line breaks refused: the name goes on screen and on paper. (Not
    ``str.isprintable``: it refuses the no-break spaces of French typography too.)"""
    if any(c < " " or "\x7f" <= c <= "\x9f" or c in "\u2028\u2029" for c in value):
        raise ValueError(f"one line of printable text, got {value!r}")
    return value


def _zone(value: str) -> str:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"a time zone name such as Europe/Paris, got {value!r}") from None
    return value


def _opening_hours(value: str) -> str:
    from kiosk.domain.screen_day import OpeningHours

    OpeningHours.parse(value)  # ValueError: worded for the config's author
    return value


def _readable_ca(value: str) -> str:
    if value and not Path(value).is_file():
        raise ValueError(f"the path of the hub's authority (ca.crt from the hub), got {value!r}")
    return value


def _http_url(value: str) -> str:
    if value and not re.match(r"^https?://[^\s/]+(/.*)?$", value):
        raise ValueError(f"an http:// or https:// address, or empty for the embedded hub, got {value!r}")
    return value.rstrip("/")


def _printer_uri(value: str) -> str:
    if not PRINTER_URI_RE.match(value):
        raise ValueError(
            "preview, file:/dev/usb/lp0, network://HOST:9100, usb://VID:PID, "
            f"serial:///dev/ttyUSB0?baudrate=38400 or cups://QUEUE, got {value!r}"
        )
    return value


@dataclass(frozen=True, kw_only=True)
class SiteConfig(_Section):
    """Where the kiosk stands."""

    name: str = field(
        default="Médiathèque (démonstration)", metadata=_rule(min_length=1, max_length=80, check=_printable)
    )
    timezone: str = field(default="Europe/Paris", metadata=_rule(check=_zone))


@dataclass(frozen=True, kw_only=True)
class KioskConfig(_Section):
    """The touchscreen station."""

    id: str = field(
        default="demo",
        metadata=_rule(
            pattern=r"[a-z0-9][a-z0-9-]{0,39}", meaning="lowercase letters, digits and dashes (40 at most)"
        ),
    )
    # empty: start an embedded hub on 127.0.0.1
    hub_url: str = field(default="", metadata=_rule(check=_http_url))
    hub_token: str = ""
    idle_timeout_s: int = field(default=120, metadata=_rule(ge=30, le=3600))
    idle_answer_s: int = field(default=60, metadata=_rule(ge=15, le=600))
    fullscreen: bool = False
    # Physical width of the screen's visible area, so that millimetres are real millimetres.
    # Raspberry Pi 7" touch display: 154 mm. A 15.6" laptop: 344 mm. A 22" monitor: 476 mm.
    screen_width_mm: float = field(default=344.0, metadata=_rule(gt=50, lt=3000))
    language: str = field(
        default="fr", metadata=_rule(pattern=r"[a-z]{2}", meaning="a language code such as fr")
    )
    # Screens mounted upside down (180) or in portrait (90, 270): the content and the touches turn.
    rotation: int = field(default=0, metadata=_rule(choices=(0, 90, 180, 270)))
    # The screen's day: off outside these hours (widened by the agenda, cut short by the hub's closing time).
    # "mon-fri 09:00-12:00 14:00-18:00; sat 09:00-12:30"; empty: never off
    opening_hours: str = field(default="", metadata=_rule(check=_opening_hours))
    screen_on_before_min: int = field(default=30, metadata=_rule(ge=0, le=240))
    screen_off_after_min: int = field(default=15, metadata=_rule(ge=0, le=240))
    attract_after_s: int = field(default=180, metadata=_rule(ge=30, le=3600))
    screen_power: str = field(
        default="auto", metadata=_rule(choices=("auto", "none", "xset", "wlr-randr", "vcgencmd", "backlight"))
    )
    # PEM certificate authority the hub's HTTPS certificate must chain to
    hub_ca: str = field(default="", metadata=_rule(check=_readable_ca))


@dataclass(frozen=True, kw_only=True)
class HubConfig(_Section):
    """The shared server (queue, accounts, dashboard)."""

    listen: str = field(
        default="127.0.0.1:8470",
        metadata=_rule(pattern=r"[^\s:]+:\d{1,5}", meaning="HOST:PORT such as 0.0.0.0:8470"),
    )
    data_dir: str = ""  # empty: the platform's user data directory
    retention_days: int = field(default=1, metadata=_rule(ge=0, le=365))
    secure_cookies: bool = False  # behind a reverse proxy that does HTTPS (on by itself with tls_cert)
    tls_cert: str = ""  # PEM server certificate (chain): the hub then serves HTTPS only
    tls_key: str = ""  # its PEM private key
    # Plain HTTP beyond 127.0.0.1 sends passwords and residents' names in clear: refused unless set.
    allow_plain_http: bool = False

    def check(self) -> None:
        if bool(self.tls_cert) != bool(self.tls_key):
            raise ValueError("tls_cert and tls_key together: set both (kiosk hub tls make) or neither")

    @property
    def tls(self) -> bool:
        """True when the hub serves HTTPS."""
        return bool(self.tls_cert)

    @property
    def tls_ca(self) -> Path | None:
        """The authority beside ``tls_cert`` (``kiosk tls make`` writes both), when there is one."""
        found = Path(self.tls_cert).with_name("ca.crt") if self.tls_cert else None
        return found if found is not None and found.is_file() else None


@dataclass(frozen=True, kw_only=True)
class PrinterConfig(_Section):
    """The thermal receipt printer owned by this kiosk."""

    uri: str = field(default="preview", metadata=_rule(check=_printer_uri))
    profile: str = "TM-T88V"
    paper_width_mm: int = field(default=80, metadata=_rule(choices=(58, 80)))
    timeout_s: float = field(default=5.0, metadata=_rule(gt=0, le=30))


@dataclass(frozen=True, kw_only=True)
class AgendaConfig(_Section):
    """Where the drop-in hours and workshops come from."""

    source: str = "demo"  # "demo", a path to an .ics file, or an http(s) URL


@dataclass(frozen=True, kw_only=True)
class StaffConfig(_Section):
    """Staff mode at the kiosk (appointment slips)."""

    pin_hash: str = ""


@dataclass(frozen=True, kw_only=True)
class SpeechConfig(_Section):
    """Offline read-aloud."""

    enabled: bool = True
    engine: str = "espeak-ng"
    voice: str = "fr"
    # Words a minute; a little slower than espeak's 175 default, slower still in « A+ » mode.
    rate: int = field(default=140, metadata=_rule(ge=80, le=300))
    rate_large_text: int = field(default=115, metadata=_rule(ge=80, le=300))
    # The WAV cache (<data_dir>/speech) is pruned, least recently used first, beyond these.
    cache_max_mb: int = field(default=50, metadata=_rule(ge=1, le=10000))
    cache_max_days: int = field(default=90, metadata=_rule(ge=1, le=3650))


@dataclass(frozen=True, kw_only=True)
class Config:
    """The whole configuration; every section has demo defaults."""

    site: SiteConfig = field(default_factory=SiteConfig)
    kiosk: KioskConfig = field(default_factory=KioskConfig)
    hub: HubConfig = field(default_factory=HubConfig)
    printer: PrinterConfig = field(default_factory=PrinterConfig)
    agenda: AgendaConfig = field(default_factory=AgendaConfig)
    staff: StaffConfig = field(default_factory=StaffConfig)
    speech: SpeechConfig = field(default_factory=SpeechConfig)
    source: str = ""  # the file it came from, "" for demo defaults (not a key of the file)

    @property
    def demo(self) -> bool:
        """True when running on demo defaults (no config file)."""
        return not self.source

    @property
    def data_dir(self) -> Path:
        """The hub's and kiosk's data directory (created on demand by callers)."""
        if self.hub.data_dir:
            return Path(self.hub.data_dir).expanduser()
        import platformdirs  # only without [hub] data_dir: kept off the kiosk's start (tests/benchmarks)

        return Path(platformdirs.user_data_dir("kiosk-mediatheque", appauthor=False))


# The file's tables: Config's fields but « source », each made by its section class.
SECTIONS: dict[str, type[_Section]] = {
    f.name: cast(type[_Section], f.default_factory) for f in fields(Config) if f.name != "source"
}


def _config_from(raw: Mapping[str, Any], source: str) -> Config:
    """A Config from a parsed file; ConfigProblem keys are « [section] key » or « section »."""
    problems: list[ConfigProblem] = [
        ConfigProblem(str(key), "unknown key") for key in raw if key not in SECTIONS
    ]
    sections: dict[str, Any] = {}
    for name, cls in SECTIONS.items():
        if name not in raw:
            continue
        try:
            sections[name] = section_from(cls, raw[name])
        except ConfigProblems as found:
            for problem in found.problems:
                key = f"[{name}] {problem.key}" if problem.key else name
                problems.append(ConfigProblem(key, problem.what))
    if problems:
        raise ConfigProblems(problems)
    return Config(**sections, source=source)


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Load and validate the configuration.

    Args:
        path: the TOML file; when None, $KIOSK_CONFIG; when that is unset too, demo defaults.

    Returns:
        A frozen Config.

    Raises:
        ConfigError: with one line naming the file, the key and what is expected.
    """
    if path is None:
        path = os.environ.get("KIOSK_CONFIG") or None
    if path is None:
        return Config()
    file = Path(path)
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{file}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{file}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file}: not valid TOML: {exc}") from None
    try:
        return _config_from(raw, str(file))
    except ConfigProblems as found:
        first, more = found.problems[0], len(found.problems) - 1
        suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise ConfigError(f"{file}: {first}{suffix}") from None
