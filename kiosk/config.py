"""The TOML configuration: its schema, demo defaults, and errors that name file, key and expectation.

tomllib (stdlib) parses; pydantic validates, because it reports the exact key path and the expected
type for every error, which we turn into one line for the person installing the kiosk.
"""

from __future__ import annotations

import os
import re
import tomllib
import zoneinfo
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

PRINTER_URI_RE = re.compile(
    r"^(preview|file:.+|network://[^:/\s]+(:\d{1,5})?|usb://[0-9a-fA-F]{4}:[0-9a-fA-F]{4}"
    r"|serial://.+|cups://.+)$"
)


class ConfigError(Exception):
    """A configuration problem, worded for the person who installs the kiosk (one line)."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SiteConfig(_Section):
    """Where the kiosk stands."""

    name: Annotated[str, Field(min_length=1, max_length=80)] = "Médiathèque (démonstration)"
    timezone: str = "Europe/Paris"

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"a time zone name such as Europe/Paris, got {value!r}") from None
        return value


class KioskConfig(_Section):
    """The touchscreen station."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")] = "demo"
    hub_url: str = ""  # empty: start an embedded hub on 127.0.0.1
    hub_token: str = ""
    idle_timeout_s: Annotated[int, Field(ge=30, le=3600)] = 120
    idle_answer_s: Annotated[int, Field(ge=15, le=600)] = 60
    fullscreen: bool = False
    # Physical width of the screen's visible area, so that millimetres are real millimetres.
    # Raspberry Pi 7" touch display: 154 mm. A 15.6" laptop: 344 mm. A 22" monitor: 476 mm.
    screen_width_mm: Annotated[float, Field(gt=50, lt=3000)] = 344.0
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")] = "fr"
    # Screens mounted upside down (180) or in portrait (90, 270): the content and the touches turn.
    rotation: Literal[0, 90, 180, 270] = 0
    # The screen's day: off outside these hours (widened by the agenda, cut short by the hub's closing time).
    opening_hours: str = ""  # "mon-fri 09:00-12:00 14:00-18:00; sat 09:00-12:30"; empty: never off
    screen_on_before_min: Annotated[int, Field(ge=0, le=240)] = 30
    screen_off_after_min: Annotated[int, Field(ge=0, le=240)] = 15
    attract_after_s: Annotated[int, Field(ge=30, le=3600)] = 180
    screen_power: Literal["auto", "none", "xset", "wlr-randr", "vcgencmd", "backlight"] = "auto"
    hub_ca: str = ""  # PEM certificate authority the hub's HTTPS certificate must chain to

    @field_validator("opening_hours")
    @classmethod
    def _hours(cls, value: str) -> str:
        from kiosk.domain.screen_day import OpeningHours

        OpeningHours.parse(value)  # ValueError: worded for the config's author
        return value

    @field_validator("hub_ca")
    @classmethod
    def _readable_ca(cls, value: str) -> str:
        if value and not Path(value).is_file():
            raise ValueError(f"the path of the hub's authority (ca.crt from the hub), got {value!r}")
        return value

    @field_validator("hub_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if value and not re.match(r"^https?://[^\s/]+(/.*)?$", value):
            raise ValueError(f"an http:// or https:// address, or empty for the embedded hub, got {value!r}")
        return value.rstrip("/")


class HubConfig(_Section):
    """The shared server (queue, accounts, dashboard)."""

    listen: Annotated[str, Field(pattern=r"^[^\s:]+:\d{1,5}$")] = "127.0.0.1:8470"
    data_dir: str = ""  # empty: the platform's user data directory
    retention_days: Annotated[int, Field(ge=0, le=365)] = 1
    secure_cookies: bool = False  # behind a reverse proxy that does HTTPS (on by itself with tls_cert)
    tls_cert: str = ""  # PEM server certificate (chain): the hub then serves HTTPS only
    tls_key: str = ""  # its PEM private key
    # Plain HTTP beyond 127.0.0.1 sends passwords and residents' names in clear: refused unless set.
    allow_plain_http: bool = False

    @model_validator(mode="after")
    def _tls_pair(self) -> HubConfig:
        if bool(self.tls_cert) != bool(self.tls_key):
            raise ValueError("tls_cert and tls_key go together: set both (kiosk hub tls make) or neither")
        return self

    @property
    def tls(self) -> bool:
        """True when the hub serves HTTPS."""
        return bool(self.tls_cert)

    @property
    def tls_ca(self) -> Path | None:
        """The authority beside ``tls_cert`` (``kiosk tls make`` writes both), when there is one."""
        found = Path(self.tls_cert).with_name("ca.crt") if self.tls_cert else None
        return found if found is not None and found.is_file() else None


class PrinterConfig(_Section):
    """The thermal receipt printer owned by this kiosk."""

    uri: str = "preview"
    profile: str = "TM-T88V"
    paper_width_mm: Annotated[int, Field()] = 80
    timeout_s: Annotated[float, Field(gt=0, le=30)] = 5.0

    @field_validator("uri")
    @classmethod
    def _known_uri(cls, value: str) -> str:
        if not PRINTER_URI_RE.match(value):
            raise ValueError(
                "preview, file:/dev/usb/lp0, network://HOST:9100, usb://VID:PID, "
                f"serial:///dev/ttyUSB0?baudrate=38400 or cups://QUEUE, got {value!r}"
            )
        return value

    @field_validator("paper_width_mm")
    @classmethod
    def _paper(cls, value: int) -> int:
        if value not in (58, 80):
            raise ValueError(f"58 or 80, got {value!r}")
        return value


class AgendaConfig(_Section):
    """Where the drop-in hours and workshops come from."""

    source: str = "demo"  # "demo", a path to an .ics file, or an http(s) URL


class StaffConfig(_Section):
    """Staff mode at the kiosk (appointment slips)."""

    pin_hash: str = ""


class SpeechConfig(_Section):
    """Offline read-aloud."""

    enabled: bool = True
    engine: str = "espeak-ng"
    voice: str = "fr"
    # Words a minute; a little slower than espeak's 175 default, slower still in « A+ » mode.
    rate: Annotated[int, Field(ge=80, le=300)] = 140
    rate_large_text: Annotated[int, Field(ge=80, le=300)] = 115
    # The WAV cache (<data_dir>/speech) is pruned, least recently used first, beyond these.
    cache_max_mb: Annotated[int, Field(ge=1, le=10000)] = 50
    cache_max_days: Annotated[int, Field(ge=1, le=3650)] = 90


class Config(_Section):
    """The whole configuration; every section has demo defaults."""

    site: SiteConfig = SiteConfig()
    kiosk: KioskConfig = KioskConfig()
    hub: HubConfig = HubConfig()
    printer: PrinterConfig = PrinterConfig()
    agenda: AgendaConfig = AgendaConfig()
    staff: StaffConfig = StaffConfig()
    speech: SpeechConfig = SpeechConfig()
    source: str = Field(default="", exclude=True)  # the file it came from, "" for demo defaults

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


def _describe(error: Any) -> tuple[str, str]:
    loc = [str(p) for p in error["loc"]]
    if len(loc) >= 2:
        key = f"[{loc[0]}] {'.'.join(loc[1:])}"
    else:
        key = loc[0] if loc else "(top level)"
    kind = error["type"]
    if kind == "extra_forbidden":
        return key, "unknown key"
    if kind == "value_error":
        return key, "expected " + str(error["ctx"]["error"])
    if kind == "model_type":
        return key, "expected a [section] table"
    got = error.get("input")
    return key, f"expected {error['msg'].lower().removeprefix('input should be ')}, got {got!r}"


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
    if "source" in raw:
        raise ConfigError(f"{file}: source: unknown key")
    try:
        return Config.model_validate({**raw, "source": str(file)})
    except ValidationError as exc:
        key, what = _describe(exc.errors()[0])
        more = len(exc.errors()) - 1
        suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise ConfigError(f"{file}: {key}: {what}{suffix}") from None
